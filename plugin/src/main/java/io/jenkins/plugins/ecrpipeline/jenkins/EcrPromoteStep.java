package io.jenkins.plugins.ecrpipeline.jenkins;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.ecrpipeline.PipelineException;
import io.jenkins.plugins.ecrpipeline.durable.DurableJob;
import io.jenkins.plugins.ecrpipeline.promote.PromotionReportFile;
import io.jenkins.plugins.ecrpipeline.process.Redaction;
import io.jenkins.plugins.ecrpipeline.promote.PromotionReport;
import io.jenkins.plugins.ecrpipeline.promote.PromotionRequest;
import io.jenkins.plugins.ecrpipeline.promote.PromotionResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.verb.POST;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code ecrPromote}: moves tags to images already in the registry without pulling them (ECR's API within a
 * repository, the registry API with blob mounts or copies of only the missing blobs across repositories), pinned to
 * the digests that were built and tested. Runs on the agent, with the agent's own AWS credentials.
 */
public final class EcrPromoteStep extends Step {
    private final String to;
    private List<String> images = List.of();
    private String services = "";
    private String registry = "";
    private String from = "intermediate";
    private String targetRegistry = "";
    private boolean ecrApi = true;
    private String region = "";
    private String role = "";
    private String report = "ecr-promotion-report.json";
    private String credentialsId = "";

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

    public boolean isEcrApi() {
        return ecrApi;
    }

    /**
     * Use ECR with the agent's credentials (default): ECR's API for a retag within a repository, ECR passwords for the
     * registry API; no docker login happens. False: registry logins come from the agent's docker config.
     */
    @DataBoundSetter
    public void setEcrApi(boolean ecrApi) {
        this.ecrApi = ecrApi;
    }

    /** The old name of {@link #isEcrApi()}; structs reads every parameter, so the alias needs a getter too. */
    @Deprecated
    public boolean isEcrLogin() {
        return ecrApi;
    }

    /** The old name of {@link #setEcrApi}. Kept so that existing Jenkinsfiles keep working. */
    @Deprecated
    @DataBoundSetter
    public void setEcrLogin(boolean ecrLogin) {
        this.ecrApi = ecrLogin;
    }

    public String getRegion() {
        return region;
    }

    @DataBoundSetter
    public void setRegion(String region) {
        this.region = Util.fixNull(region);
    }

    public String getRole() {
        return role;
    }

    /** A role ARN to assume on top of the agent's credentials; the step then acts in that role's account. */
    @DataBoundSetter
    public void setRole(String role) {
        this.role = Util.fixNull(role);
    }

    public String getReport() {
        return report;
    }

    @DataBoundSetter
    public void setReport(String report) {
        this.report = Util.fixNull(report);
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    /**
     * AWS credentials from Jenkins (their id) to act with instead of the agent's own identity; a role is assumed with
     * them. Empty: the agent's role.
     */
    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = Util.fixNull(credentialsId);
    }

    PromotionRequest request(EnvVars environment) {
        List<String> tags = Util.splitNames(to);
        if (tags.isEmpty()) {
            throw PipelineException.forField("target tags", Messages.EcrPromoteStep_NoTargetTag());
        }
        PromotionRequest.Builder builder = PromotionRequest.builder().reportFile(report);
        for (String image : images) {
            int at = image.indexOf('@');
            boolean tagged = at > 0 && image.substring(0, at).matches(".*:[^/]+");
            // A tag with a digest: promote what the tag names, but only while it still names that digest.
            builder.image(null, tagged ? image.substring(0, at) : image, tags, tagged ? image.substring(at + 1) : null);
        }
        List<String> names = Util.splitNames(services);
        if (!names.isEmpty()) {
            builder.services(names, registry, from, tags, targetRegistry);
        }
        if (ecrApi) {
            builder.ecrApi(StepAwsSessions.ecrApi(region, role, environment));
        }
        return builder.build();
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
            super("ecrPromote", step.credentialsId, context);
            this.step = step;
            this.report = step.report;
        }

        @Override
        protected DurableJob job(FilePath workspace, String temp, EnvVars environment) {
            return new DurableJob.Promote(step.request(environment), workspace.getRemote(), temp);
        }

        @Override
        protected List<Map<String, Object>> finish(String json, FilePath workspace, Launcher launcher, TaskListener listener) throws Exception {
            PromotionReport result = PromotionReportFile.read(json.getBytes(StandardCharsets.UTF_8), Messages.EcrPromoteStep_Outcome());
            Run<?, ?> run = getContext().get(Run.class);
            run.addAction(new PromotionAction(result));
            Util.archive(report, run, workspace, getContext().get(EnvVars.class), launcher, listener);
            if (!result.failures().isEmpty()) {
                throw new AbortException(Messages.EcrPromoteStep_PromotionsFailed(result.failures().size(),
                        result.failures().stream().map(r -> r.service() + " (" + r.failure() + ")").collect(Collectors.joining("; "))));
            }
            return toPipeline(result);
        }
    }

    /** Plain maps: service, from, to, digest, image (the first target pinned to the digest, what ecrDeploy takes), result. */
    static List<Map<String, Object>> toPipeline(PromotionReport report) {
        List<Map<String, Object>> services = new ArrayList<>();
        for (PromotionResult r : report.services()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("service", r.service());
            entry.put("from", r.from());
            entry.put("to", new ArrayList<>(r.to()));
            entry.put("placed", new ArrayList<>(r.placed()));
            entry.put("digest", r.digest());
            entry.put("image", r.to().get(0) + "@" + r.digest());
            entry.put("bytesCopied", r.bytesCopied());
            entry.put("result", r.outcome().name());
            services.add(entry);
        }
        return services;
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

        // The form checks answer POST only, as Jenkins asks of checks that take user input. They check syntax with the engine's
        // validators and read nothing from Jenkins, so they need no permission check.

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(FilePath.class, Launcher.class, EnvVars.class, TaskListener.class, Run.class);
        }
    }
}
