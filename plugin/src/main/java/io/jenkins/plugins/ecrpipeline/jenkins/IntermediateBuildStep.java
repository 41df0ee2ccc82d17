package io.jenkins.plugins.ecrpipeline.jenkins;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.util.FormValidation;
import io.jenkins.plugins.ecrpipeline.intermediatebuild.BuildRequest;
import java.util.List;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code intermediateBuild}: the nightly build of a compose project's services, pushed under one tag. It builds
 * everything it can, shows a summary on the build page, archives the JSON report, returns one map per service, and
 * then fails naming the services that failed (their tags keep the last good images).
 */
public final class IntermediateBuildStep extends AwsStep {
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

    @Override
    public StepExecution start(StepContext context) {
        return new IntermediateBuildExecution(this, context);
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
    }
}
