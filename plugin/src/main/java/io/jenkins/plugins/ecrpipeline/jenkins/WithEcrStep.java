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
import java.util.Map;
import org.jenkinsci.plugins.workflow.steps.BodyExecutionCallback;
import org.jenkinsci.plugins.workflow.steps.EnvironmentExpander;
import org.jenkinsci.plugins.workflow.steps.GeneralNonBlockingStepExecution;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code withEcr { ... }}: the block runs with {@code DOCKER_CONFIG} pointing at a private docker config (mode 0700,
 * on the agent) logged in to ECR with the agent's own credentials, and {@code AWS_ECR_DOMAIN} /
 * {@code AWS_ECR_REGISTRIES} naming the registries; the directory, passwords and all, is deleted when the block ends.
 */
public final class WithEcrStep extends EcrLoginArguments {
    @DataBoundConstructor
    public WithEcrStep() {
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(settings(), context);
    }

    private static final class Execution extends GeneralNonBlockingStepExecution {
        private static final long serialVersionUID = 1L;
        private final EcrLoginSettings settings;

        Execution(EcrLoginSettings settings, StepContext context) {
            super(context);
            this.settings = settings;
        }

        @Override
        public boolean start() {
            run(this::loginAndStartBody);
            return false;
        }

        private void loginAndStartBody() throws Exception {
            FilePath workspace = getContext().get(FilePath.class);
            EnvVars environment = getContext().get(EnvVars.class);
            StepAwsCredentials credentials = StepAwsCredentials.forStep("withEcr", settings.credentialsId(), getContext());
            io.jenkins.plugins.ecrpipeline.process.Redaction redaction = ContextSecrets.of(getContext(), credentials.secrets());
            Host host = JenkinsHost.of(workspace, getContext().get(Launcher.class), environment, getContext().get(TaskListener.class), redaction);
            String directory;
            Map<String, String> variables;
            try {
                DockerConfigDir config = DockerConfigDir.createPrivate(host.files(), host.userDockerConfig());
                // Not closed here: the logged-in directory must outlive this call; the callback deletes it.
                EcrDockerLogin login = settings.login(workspace, environment, credentials, host, config);
                directory = config.path();
                variables = Map.of("DOCKER_CONFIG", directory, "AWS_ECR_DOMAIN", login.primaryHost(),
                        "AWS_ECR_REGISTRIES", String.join(",", login.hosts()));
            } catch (PipelineException e) {
                throw new AbortException(redaction.apply(Messages.Util_StepFailed("withEcr", e.getMessage())));
            }
            getContext().newBodyInvoker()
                    .withContext(EnvironmentExpander.merge(getContext().get(EnvironmentExpander.class), EnvironmentExpander.constant(variables)))
                    .withCallback(new DeleteConfig(directory))
                    .start();
        }
    }

    /** Deletes the private docker config on the agent when the block ends, however it ends. */
    private static final class DeleteConfig extends BodyExecutionCallback.TailCall {
        private static final long serialVersionUID = 1L;
        private final String directory;

        DeleteConfig(String directory) {
            this.directory = directory;
        }

        @Override
        protected void finished(StepContext context) throws Exception {
            FilePath workspace = context.get(FilePath.class);
            new FilePath(workspace.getChannel(), directory).deleteRecursive();
        }
    }

    @Extension
    public static final class DescriptorImpl extends AwsStepDescriptor {
        @Override
        public String getFunctionName() {
            return "withEcr";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.WithEcrStep_DisplayName();
        }

        @Override
        public boolean takesImplicitBlockArgument() {
            return true;
        }

        // The form checks answer POST only, as Jenkins asks of checks that take user input. They check syntax with the engine's
        // validators and read nothing from Jenkins, so they need no permission check.
        @POST
        public FormValidation doCheckRegions(@QueryParameter String value) {
            return FormChecks.regions(value);
        }
    }
}
