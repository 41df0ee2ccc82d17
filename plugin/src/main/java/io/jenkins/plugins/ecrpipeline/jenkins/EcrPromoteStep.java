package io.jenkins.plugins.ecrpipeline.jenkins;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.ecrpipeline.durable.DurableJob;
import io.jenkins.plugins.ecrpipeline.promote.PromotionReport;
import io.jenkins.plugins.ecrpipeline.promote.PromotionReportFile;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code ecrPromote}: moves tags to images already in the registry without pulling them (ECR's API within a
 * repository, the registry API with blob mounts or copies of only the missing blobs across repositories), pinned to
 * the digests that were built and tested. Runs on the agent, with the agent's own AWS credentials.
 */
public final class EcrPromoteStep extends EcrApiStep {
    private final String to;
    private List<String> images = List.of();
    private String services = "";
    private String registry = "";
    private String from = "intermediate";
    private String targetRegistry = "";
    private String report = "ecr-promotion-report.json";

    /** @param to the tags to give, comma- or space-separated ({@code production}), or full {@code host/repository:tag} targets */
    @DataBoundConstructor
    public EcrPromoteStep(String to) {
        this.to = Util.fixNull(to);
    }

    public String getTo() {
        return to;
    }

    public List<String> getImages() {
        return images;
    }

    /**
     * Images to promote: {@code host/repository:tag@sha256:...} pins the digest (the promotion fails, changing nothing,
     * when the tag has moved since), {@code host/repository:tag} or {@code host/repository@sha256:...} take it as it is.
     */
    @DataBoundSetter
    public void setImages(List<String> images) {
        this.images = images == null ? List.of() : List.copyOf(images);
    }

    public String getServices() {
        return services;
    }

    /** Services pushed by {@code intermediateBuild} to {@code registry}: {@code registry/<service>:from} is promoted. */
    @DataBoundSetter
    public void setServices(String services) {
        this.services = Util.fixNull(services);
    }

    public String getRegistry() {
        return registry;
    }

    @DataBoundSetter
    public void setRegistry(String registry) {
        this.registry = Util.fixNull(registry);
    }

    public String getFrom() {
        return from;
    }

    @DataBoundSetter
    public void setFrom(String from) {
        this.from = Util.fixNull(from).isEmpty() ? "intermediate" : from;
    }

    public String getTargetRegistry() {
        return targetRegistry;
    }

    /** Another registry (and path) for the services' targets, e.g. the production account's ECR. */
    @DataBoundSetter
    public void setTargetRegistry(String targetRegistry) {
        this.targetRegistry = Util.fixNull(targetRegistry);
    }

    public String getReport() {
        return report;
    }

    @DataBoundSetter
    public void setReport(String report) {
        this.report = Util.fixNull(report);
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(this, context);
    }

    /** Promotes in a process of its own on the agent (the agent's credentials), which goes on when the controller restarts. */
    private static final class Execution extends DurableJobExecution<List<Map<String, Object>>> {
        private static final long serialVersionUID = 1L;
        private final transient EcrPromoteStep step;
        private final String report;

        Execution(EcrPromoteStep step, StepContext context) {
            super("ecrPromote", step.getCredentialsId(), context);
            this.step = step;
            this.report = step.report;
        }

        @Override
        protected DurableJob job(FilePath workspace, String temp, EnvVars environment) {
            return new DurableJob.Promote(EcrPromoteMapping.request(step, environment), workspace.getRemote(), temp);
        }

        @Override
        protected List<Map<String, Object>> finish(String json, FilePath workspace, Launcher launcher, TaskListener listener) throws Exception {
            PromotionReport result = PromotionReportFile.read(json.getBytes(StandardCharsets.UTF_8), Messages.EcrPromoteStep_Outcome());
            Run<?, ?> run = getContext().get(Run.class);
            run.addAction(new PromotionAction(result));
            Util.archive(report, run, workspace, getContext().get(EnvVars.class), launcher, listener);
            Optional<String> failure = EcrPromoteMapping.failure(result);
            if (failure.isPresent()) {
                throw new AbortException(failure.get());
            }
            return EcrPromoteMapping.toPipeline(result);
        }
    }

    @Extension
    public static final class DescriptorImpl extends AwsStepDescriptor {
        @Override
        public String getFunctionName() {
            return "ecrPromote";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.EcrPromoteStep_DisplayName();
        }
    }
}
