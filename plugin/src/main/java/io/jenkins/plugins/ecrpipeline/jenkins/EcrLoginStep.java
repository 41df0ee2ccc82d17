package io.jenkins.plugins.ecrpipeline.jenkins;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import io.jenkins.plugins.ecrpipeline.PipelineException;
import io.jenkins.plugins.ecrpipeline.docker.DockerConfigDir;
import io.jenkins.plugins.ecrpipeline.ecr.EcrDockerLogin;
import io.jenkins.plugins.ecrpipeline.process.Host;
import java.util.ArrayList;
import java.util.List;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code ecrLogin}: logs docker in to ECR with the agent's own credentials, in the build's docker config
 * ({@code $DOCKER_CONFIG}, else {@code ~/.docker} on the agent): "log in once for the whole agent". Returns the
 * registry hosts. For a login that ends with a block, use {@code withEcr}.
 */
public final class EcrLoginStep extends EcrLoginArguments {
    @DataBoundConstructor
    public EcrLoginStep() {
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(settings(), context);
    }

    private static final class Execution extends SynchronousNonBlockingStepExecution<List<String>> {
        private static final long serialVersionUID = 1L;
        private final EcrLoginSettings settings;

        Execution(EcrLoginSettings settings, StepContext context) {
            super(context);
            this.settings = settings;
        }

        @Override
        protected List<String> run() throws Exception {
            FilePath workspace = getContext().get(FilePath.class);
            EnvVars environment = getContext().get(EnvVars.class);
            StepAwsCredentials credentials = StepAwsCredentials.forStep("ecrDockerLogin", settings.credentialsId(), getContext());
            io.jenkins.plugins.ecrpipeline.process.Redaction redaction = ContextSecrets.of(getContext(), credentials.secrets());
            Host host = JenkinsHost.of(workspace, getContext().get(Launcher.class), environment, getContext().get(TaskListener.class), redaction);
            try (EcrDockerLogin login = settings.login(workspace, environment, credentials, host,
                    DockerConfigDir.existing(host.files(), host.userDockerConfig()))) {
                return new ArrayList<>(login.hosts());
            } catch (PipelineException e) {
                throw new AbortException(redaction.apply(Messages.Util_StepFailed("ecrDockerLogin", e.getMessage())));
            }
        }
    }

    @Extension
    public static final class DescriptorImpl extends AwsStepDescriptor {
        @Override
        public String getFunctionName() {
            // Not "ecrLogin": pipeline-aws has a step of that name that returns "docker login -u AWS -p <password>". With both
            // plugins installed Jenkins picks one by ordinal, and a Jenkinsfile that echoes the other one's result would
            // print a password.
            return "ecrDockerLogin";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.EcrLoginStep_DisplayName();
        }

        // The form checks answer POST only, as Jenkins asks of checks that take user input. They check syntax with the engine's
        // validators and read nothing from Jenkins, so they need no permission check.
        @POST
        public FormValidation doCheckRegions(@QueryParameter String value) {
            return FormChecks.regions(value);
        }
    }
}
