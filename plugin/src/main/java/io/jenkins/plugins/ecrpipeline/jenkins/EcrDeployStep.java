package io.jenkins.plugins.ecrpipeline.jenkins;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.TaskListener;
import io.jenkins.plugins.ecrpipeline.PipelineException;
import io.jenkins.plugins.ecrpipeline.deploy.DeployReport;
import io.jenkins.plugins.ecrpipeline.deploy.DeployRequest;
import io.jenkins.plugins.ecrpipeline.deploy.Deployment;
import io.jenkins.plugins.ecrpipeline.process.Redaction;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code ecrDeploy}: runs the team's own deploy command once per promoted image, through the build's Launcher (so
 * {@code container()} and {@code withEnv} apply), with {@code IMAGE}, {@code IMAGE_DIGEST}, {@code IMAGE_TAG},
 * {@code IMAGE_SERVICE} and the agent's own AWS credentials (bound on the agent, masked in the log). The first
 * failing service fails the step with the command's last lines; the services after it are not deployed.
 */
public final class EcrDeployStep extends AwsStep {
    private final String command;
    private List<String> images = List.of();
    private boolean awsCredentials = true;
    private String role = "";

    /** @param command a shell command ({@code sh -c}), e.g. {@code ./deploy.sh} */
    @DataBoundConstructor
    public EcrDeployStep(String command) {
        this.command = Util.fixNull(command);
    }

    public String getCommand() {
        return command;
    }

    public List<String> getImages() {
        return images;
    }

    /** {@code host/repository:tag@sha256:...} per service, as {@code ecrPromote} returns them in {@code image}. */
    @DataBoundSetter
    public void setImages(List<String> images) {
        this.images = images == null ? List.of() : List.copyOf(images);
    }

    public boolean isAwsCredentials() {
        return awsCredentials;
    }

    /** Give the command the agent's AWS credentials (default true). */
    @DataBoundSetter
    public void setAwsCredentials(boolean awsCredentials) {
        this.awsCredentials = awsCredentials;
    }

    public String getRole() {
        return role;
    }

    /** A role to assume with the agent's credentials for the deploy, e.g. the production account's deploy role. */
    @DataBoundSetter
    public void setRole(String role) {
        this.role = Util.fixNull(role);
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(this, context);
    }

    private static final class Execution extends QuietlyStoppedExecution<List<Map<String, Object>>> {
        private static final long serialVersionUID = 1L;
        private final transient EcrDeployStep step;

        Execution(EcrDeployStep step, StepContext context) {
            super(context);
            this.step = step;
        }

        @Override
        protected List<Map<String, Object>> work() throws Exception {
            FilePath workspace = getContext().get(FilePath.class);
            EnvVars environment = getContext().get(EnvVars.class);
            DeployReport report;
            StepAwsCredentials credentials = StepAwsCredentials.forStep("ecrDeploy", step.getCredentialsId(), getContext());
            Redaction redaction = ContextSecrets.of(getContext(), credentials.secrets());
            try {
                DeployRequest request = EcrDeployMapping.request(step, environment);
                // Bound on the agent (the agent's own credentials, or the named ones), handed to the command through the
                // Launcher's environment.
                EnvVars awsEnvironment = credentials.over(environment);
                report = Deployment.deploy(request, JenkinsHost.of(workspace, getContext().get(Launcher.class), environment,
                        getContext().get(TaskListener.class), redaction), settings -> AgentCalls.call(workspace.getChannel(),
                        new AgentCalls.Bind(settings, awsEnvironment)));
            } catch (PipelineException e) {
                throw Util.abort("ecrDeploy", e, redaction);
            }
            Optional<String> failure = EcrDeployMapping.failure(report);
            if (failure.isPresent()) {
                throw new AbortException(failure.get());
            }
            return EcrDeployMapping.toPipeline(report);
        }
    }

    @Extension
    public static final class DescriptorImpl extends AwsStepDescriptor {
        @Override
        public String getFunctionName() {
            return "ecrDeploy";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.EcrDeployStep_DisplayName();
        }
    }
}
