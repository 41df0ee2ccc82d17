package io.jenkins.plugins.ecrpipeline.jenkins;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import io.jenkins.plugins.ecrpipeline.PipelineException;
import io.jenkins.plugins.ecrpipeline.durable.DurableJob;
import io.jenkins.plugins.ecrpipeline.imagebuild.ReportFile;
import io.jenkins.plugins.ecrpipeline.process.Redaction;
import io.jenkins.plugins.ecrpipeline.ecr.EcrAuthorizationRequest;
import io.jenkins.plugins.ecrpipeline.ecr.EcrPasswordSource;
import io.jenkins.plugins.ecrpipeline.imagebuild.BuildPlan;
import io.jenkins.plugins.ecrpipeline.imagebuild.BuildReport;
import io.jenkins.plugins.ecrpipeline.imagebuild.BuildRequest;
import io.jenkins.plugins.ecrpipeline.imagebuild.Durations;
import io.jenkins.plugins.ecrpipeline.imagebuild.NightlyBuild;
import io.jenkins.plugins.ecrpipeline.imagebuild.ServiceResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code intermediateBuild}: the nightly build of a compose project's services, pushed under one tag. It builds
 * everything it can, shows a summary on the build page, archives the JSON report, returns one map per service, and
 * then fails naming the services that failed (their tags keep the last good images).
 */
public final class IntermediateBuildStep extends Step {
    private String compose = BuildRequest.DEFAULT_COMPOSE_FILE;
    private String services = "";
    private String pattern = "";
    private String registry = "";
    private String tag = BuildRequest.DEFAULT_TAG;
    private int parallel;
    private List<String> buildArgs = List.of();
    private boolean push = true;
    private String docker = "";
    private String network = "";
    private boolean ecrLogin;
    private String region = "";
    private String report = "ecr-image-pipeline-report.json";
    private String shard = "";
    private int pushAttempts = BuildRequest.DEFAULT_PUSH_ATTEMPTS;
    private String datedTag = BuildRequest.DEFAULT_DATED_TAG;
    private boolean registryCache = true;
    private boolean ociLabels = true;
    private boolean attestations;
    private boolean pull;
    private String serviceTimeout = "";
    private boolean failFast;
    private List<String> smokeTests = List.of();
    private String smokeTestNetwork = BuildRequest.DEFAULT_SMOKE_TEST_NETWORK;
    private String credentialsId = "";

    @DataBoundConstructor
    public IntermediateBuildStep() {
    }

    public String getCompose() {
        return compose;
    }

    @DataBoundSetter
    public void setCompose(String compose) {
        this.compose = Util.orDefault(compose, BuildRequest.DEFAULT_COMPOSE_FILE);
    }

    public String getServices() {
        return services;
    }

    /** Comma- or space-separated service names, as a "Build with Parameters" string parameter gives them. */
    @DataBoundSetter
    public void setServices(String services) {
        this.services = Util.fixNull(services);
    }

    public String getPattern() {
        return pattern;
    }

    @DataBoundSetter
    public void setPattern(String pattern) {
        this.pattern = Util.fixNull(pattern);
    }

    public String getRegistry() {
        return registry;
    }

    @DataBoundSetter
    public void setRegistry(String registry) {
        this.registry = Util.fixNull(registry);
    }

    public String getTag() {
        return tag;
    }

    @DataBoundSetter
    public void setTag(String tag) {
        this.tag = Util.orDefault(tag, BuildRequest.DEFAULT_TAG);
    }

    public int getParallel() {
        return parallel;
    }

    @DataBoundSetter
    public void setParallel(int parallel) {
        this.parallel = parallel;
    }

    public List<String> getBuildArgs() {
        return buildArgs;
    }

    /** {@code KEY=VALUE} entries. */
    @DataBoundSetter
    public void setBuildArgs(List<String> buildArgs) {
        this.buildArgs = buildArgs == null ? List.of() : List.copyOf(buildArgs);
    }

    public boolean isPush() {
        return push;
    }

    @DataBoundSetter
    public void setPush(boolean push) {
        this.push = push;
    }

    public String getDocker() {
        return docker;
    }

    @DataBoundSetter
    public void setDocker(String docker) {
        this.docker = Util.fixNull(docker);
    }

    public String getNetwork() {
        return network;
    }

    @DataBoundSetter
    public void setNetwork(String network) {
        this.network = Util.fixNull(network);
    }

    public boolean isEcrLogin() {
        return ecrLogin;
    }

    @DataBoundSetter
    public void setEcrLogin(boolean ecrLogin) {
        this.ecrLogin = ecrLogin;
    }

    public String getRegion() {
        return region;
    }

    @DataBoundSetter
    public void setRegion(String region) {
        this.region = Util.fixNull(region);
    }

    public String getReport() {
        return report;
    }

    @DataBoundSetter
    public void setReport(String report) {
        this.report = Util.fixNull(report);
    }

    public String getShard() {
        return shard;
    }

    /** {@code i/n}: build only the i-th of n fixed parts of the selected services (one part per agent). */
    @DataBoundSetter
    public void setShard(String shard) {
        this.shard = Util.fixNull(shard);
    }

    public int getPushAttempts() {
        return pushAttempts;
    }

    /** How often a push that failed for a passing reason (5xx, timeout, reset) is tried (default 3). */
    @DataBoundSetter
    public void setPushAttempts(int pushAttempts) {
        this.pushAttempts = pushAttempts;
    }

    public String getDatedTag() {
        return datedTag;
    }

    /** The immutable second tag ({tag}, {date}, {buildDate}); empty for none. */
    @DataBoundSetter
    public void setDatedTag(String datedTag) {
        this.datedTag = Util.fixNull(datedTag);
    }

    public boolean isRegistryCache() {
        return registryCache;
    }

    @DataBoundSetter
    public void setRegistryCache(boolean registryCache) {
        this.registryCache = registryCache;
    }

    public boolean isOciLabels() {
        return ociLabels;
    }

    @DataBoundSetter
    public void setOciLabels(boolean ociLabels) {
        this.ociLabels = ociLabels;
    }

    public boolean isAttestations() {
        return attestations;
    }

    @DataBoundSetter
    public void setAttestations(boolean attestations) {
        this.attestations = attestations;
    }

    public boolean isPull() {
        return pull;
    }

    @DataBoundSetter
    public void setPull(boolean pull) {
        this.pull = pull;
    }

    public String getServiceTimeout() {
        return serviceTimeout;
    }

    /** How long one service may take, e.g. {@code 30m}; empty for no limit. */
    @DataBoundSetter
    public void setServiceTimeout(String serviceTimeout) {
        this.serviceTimeout = Util.fixNull(serviceTimeout);
    }

    public boolean isFailFast() {
        return failFast;
    }

    @DataBoundSetter
    public void setFailFast(boolean failFast) {
        this.failFast = failFast;
    }

    public List<String> getSmokeTests() {
        return smokeTests;
    }

    /** {@code SERVICE=COMMAND} entries: the command runs in a container of the new image before its push. */
    @DataBoundSetter
    public void setSmokeTests(List<String> smokeTests) {
        this.smokeTests = smokeTests == null ? List.of() : List.copyOf(smokeTests);
    }

    public String getSmokeTestNetwork() {
        return smokeTestNetwork;
    }

    @DataBoundSetter
    public void setSmokeTestNetwork(String smokeTestNetwork) {
        this.smokeTestNetwork = Util.fixNull(smokeTestNetwork).isEmpty() ? BuildRequest.DEFAULT_SMOKE_TEST_NETWORK : smokeTestNetwork;
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

    /** @param notKeyValue the error for an entry without {@code =} */
    private static Map<String, String> keyValues(List<String> entries, String field, java.util.function.Function<String, String> notKeyValue) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String entry : entries) {
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw PipelineException.forField(field, notKeyValue.apply(entry));
            }
            values.put(entry.substring(0, eq).strip(), entry.substring(eq + 1));
        }
        return values;
    }

    /**
     * The report's file name. A shard's report carries the shard ({@code ecr-image-pipeline-report-shard-1-of-2.json}):
     * the shards of one build run in parallel branches and archive into the same build, where one name would keep only
     * the last shard's report.
     */
    String reportFile() {
        if (report.isEmpty() || shard.isEmpty()) {
            return report;
        }
        String suffix = "-shard-" + shard.replace("/", "-of-");
        int dot = report.lastIndexOf('.');
        return dot > report.lastIndexOf('/') ? report.substring(0, dot) + suffix + report.substring(dot) : report + suffix;
    }

    BuildRequest request(EnvVars environment) {
        Map<String, String> args = keyValues(buildArgs, "build args", Messages::IntermediateBuildStep_NotKeyValue);
        EcrAuthorizationRequest login = !ecrLogin ? null : EcrAuthorizationRequest.ownAccount(StepAwsSessions.session(region, null, environment));
        return BuildRequest.builder().composeFile(compose).services(Util.splitNames(services)).pattern(pattern).registry(registry).tag(tag)
                .parallelism(parallel).buildArgs(args).push(push).docker(docker).network(network).reportFile(reportFile()).ecrLogin(login).shard(shard).pushAttempts(pushAttempts)
                .datedTag(datedTag).registryCache(registryCache).ociLabels(ociLabels).attestations(attestations).pull(pull)
                .serviceTimeout(Durations.parse(serviceTimeout, "service timeout")).failFast(failFast)
                .smokeTests(keyValues(smokeTests, "smoke tests", Messages::IntermediateBuildStep_NotServiceCommand)).smokeTestNetwork(smokeTestNetwork).build();
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(this, context);
    }

    /**
     * Plans, logs in to ECR with the agent's credentials, builds and pushes in a process of its own on the agent, which
     * goes on when the controller restarts; the step follows its log and finishes with its report.
     */
    private static final class Execution extends DurableJobExecution<List<Map<String, Object>>> {
        private static final long serialVersionUID = 1L;
        /** Read when the job starts; not saved (the job holds what it needs). */
        private final transient IntermediateBuildStep step;
        private final String reportFile;

        Execution(IntermediateBuildStep step, StepContext context) {
            super("intermediateBuild", step.credentialsId, context);
            this.step = step;
            this.reportFile = step.reportFile();
        }

        @Override
        protected DurableJob job(FilePath workspace, String temp, EnvVars environment) {
            return new DurableJob.Build(step.request(environment), workspace.getRemote(), temp);
        }

        @Override
        protected List<Map<String, Object>> finish(String report, FilePath workspace, Launcher launcher, TaskListener listener) throws Exception {
            BuildReport result = ReportFile.read(report.getBytes(StandardCharsets.UTF_8), BuildReport.class);
            Run<?, ?> run = getContext().get(Run.class);
            run.addAction(new ImageBuildAction(result));
            Util.archive(reportFile, run, workspace, getContext().get(EnvVars.class), launcher, listener);
            if (!result.succeeded()) {
                throw new AbortException(Messages.IntermediateBuildStep_ServicesFailed(result.failures().size(),
                        result.failures().stream().map(ServiceResult::service).collect(Collectors.joining(", "))));
            }
            return toPipeline(result);
        }
    }

    /** Plain maps for the Pipeline script: service, image, digest, size, duration (ms), result. */
    static List<Map<String, Object>> toPipeline(BuildReport report) {
        List<Map<String, Object>> services = new ArrayList<>();
        for (ServiceResult r : report.services()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("service", r.service());
            entry.put("image", r.image());
            entry.put("digest", r.digest());
            entry.put("sizeBytes", r.sizeBytes());
            entry.put("durationMillis", r.duration().toMillis());
            entry.put("result", r.outcome().name());
            services.add(entry);
        }
        return services;
    }

    @Extension
    public static final class DescriptorImpl extends AwsStepDescriptor {
        @Override
        public String getFunctionName() {
            return "intermediateBuild";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.IntermediateBuildStep_DisplayName();
        }

        // The form checks answer POST only, as Jenkins asks of checks that take user input. They check syntax with the engine's
        // validators and read nothing from Jenkins, so they need no permission check.

        @POST
        public FormValidation doCheckServiceTimeout(@QueryParameter String value) {
            return FormChecks.duration(value, "service timeout");
        }

        @POST
        public FormValidation doCheckPattern(@QueryParameter String value) {
            return FormChecks.servicePattern(value);
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(FilePath.class, Launcher.class, EnvVars.class, TaskListener.class, Run.class);
        }
    }
}
