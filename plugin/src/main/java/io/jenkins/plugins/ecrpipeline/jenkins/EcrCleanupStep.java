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
import io.jenkins.plugins.ecrpipeline.cleanup.CleanupReport;
import io.jenkins.plugins.ecrpipeline.cleanup.CleanupRequest;
import io.jenkins.plugins.ecrpipeline.durable.DurableJob;
import io.jenkins.plugins.ecrpipeline.report.ReportFile;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code ecrCleanup}: plans, then (unless a dry run) carries out, a cleanup of old images in ECR (through ECR's API,
 * with the agent's own credentials) or any registry, by a policy file and/or simple rules. Protected, in-use, kept
 * and build-cache images are never deleted. Shows the totals on the build page and fails the build when a planned
 * delete fails.
 */
public final class EcrCleanupStep extends EcrApiStep {
    private String policy = "";
    private String repositories = "";
    private List<String> repositoryPatterns = List.of();
    private String untaggedOlderThan = "";
    private List<String> keep = List.of();
    private String taggedOlderThan = "";
    private String tagPattern = "";
    private List<String> protectedTags = List.of();
    private List<String> inUse = List.of();
    private String inUseFile = "";
    private String buildCacheTag = "";
    private boolean allowEmptyRepository;
    private boolean dryRun = true;
    private String registry = "";
    private String planFile = "ecr-cleanup-plan.json";

    @DataBoundConstructor
    public EcrCleanupStep() {
    }

    public String getPolicy() {
        return policy;
    }

    /** A YAML or JSON policy file in the workspace; the other parameters add to it. */
    @DataBoundSetter
    public void setPolicy(String policy) {
        this.policy = Util.fixNull(policy);
    }

    public String getRepositories() {
        return repositories;
    }

    @DataBoundSetter
    public void setRepositories(String repositories) {
        this.repositories = Util.fixNull(repositories);
    }

    public List<String> getRepositoryPatterns() {
        return repositoryPatterns;
    }

    /** Regular expressions: every repository of the registry whose whole name matches one is cleaned too. */
    @DataBoundSetter
    public void setRepositoryPatterns(List<String> repositoryPatterns) {
        this.repositoryPatterns = repositoryPatterns == null ? List.of() : List.copyOf(repositoryPatterns);
    }

    public String getUntaggedOlderThan() {
        return untaggedOlderThan;
    }

    @DataBoundSetter
    public void setUntaggedOlderThan(String untaggedOlderThan) {
        this.untaggedOlderThan = Util.fixNull(untaggedOlderThan);
    }

    public List<String> getKeep() {
        return keep;
    }

    /** {@code N=REGEX}: keep the newest N of each tag group (the first capture group names the group). */
    @DataBoundSetter
    public void setKeep(List<String> keep) {
        this.keep = keep == null ? List.of() : List.copyOf(keep);
    }

    public String getTaggedOlderThan() {
        return taggedOlderThan;
    }

    @DataBoundSetter
    public void setTaggedOlderThan(String taggedOlderThan) {
        this.taggedOlderThan = Util.fixNull(taggedOlderThan);
    }

    public String getTagPattern() {
        return tagPattern;
    }

    @DataBoundSetter
    public void setTagPattern(String tagPattern) {
        this.tagPattern = Util.fixNull(tagPattern);
    }

    public List<String> getProtectedTags() {
        return protectedTags;
    }

    @DataBoundSetter
    public void setProtectedTags(List<String> protectedTags) {
        this.protectedTags = protectedTags == null ? List.of() : List.copyOf(protectedTags);
    }

    public List<String> getInUse() {
        return inUse;
    }

    /** Images in use (what is deployed): {@code repo@sha256:...}, {@code repo:tag} or a digest; never deleted. */
    @DataBoundSetter
    public void setInUse(List<String> inUse) {
        this.inUse = inUse == null ? List.of() : List.copyOf(inUse);
    }

    public String getInUseFile() {
        return inUseFile;
    }

    @DataBoundSetter
    public void setInUseFile(String inUseFile) {
        this.inUseFile = Util.fixNull(inUseFile);
    }

    public String getBuildCacheTag() {
        return buildCacheTag;
    }

    /** The nightly build's cache tag, always kept with its {@code -cache} tag; empty: the policy file's, else intermediate. */
    @DataBoundSetter
    public void setBuildCacheTag(String buildCacheTag) {
        this.buildCacheTag = Util.fixNull(buildCacheTag);
    }

    public boolean isAllowEmptyRepository() {
        return allowEmptyRepository;
    }

    @DataBoundSetter
    public void setAllowEmptyRepository(boolean allowEmptyRepository) {
        this.allowEmptyRepository = allowEmptyRepository;
    }

    public boolean isDryRun() {
        return dryRun;
    }

    /** Plan only (default); false deletes what the plan says. */
    @DataBoundSetter
    public void setDryRun(boolean dryRun) {
        this.dryRun = dryRun;
    }

    public String getRegistry() {
        return registry;
    }

    @DataBoundSetter
    public void setRegistry(String registry) {
        this.registry = Util.fixNull(registry);
    }

    public String getPlanFile() {
        return planFile;
    }

    /** The plan as JSON in the workspace (archived); empty for none. */
    @DataBoundSetter
    public void setPlanFile(String planFile) {
        this.planFile = Util.fixNull(planFile);
    }

    /** The engine's request, as the step's Execution makes it and CleanupFacesAgreeTest compares it with the CLI's. */
    CleanupRequest request(String policyText, EnvVars environment) {
        return EcrCleanupMapping.request(this, policyText, environment);
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(this, context);
    }

    /**
     * Plans and deletes in a process of its own on the agent (the agent's credentials), which goes on when the
     * controller restarts. A cleanup stopped half way is safe to run again: each run lists the registry afresh.
     */
    private static final class Execution extends DurableJobExecution<Map<String, Object>> {
        private static final long serialVersionUID = 1L;
        private final transient EcrCleanupStep step;
        private final boolean dryRun;
        private final String planFile;

        Execution(EcrCleanupStep step, StepContext context) {
            super("ecrCleanup", step.getCredentialsId(), context);
            this.step = step;
            this.dryRun = step.dryRun;
            this.planFile = step.planFile;
        }

        @Override
        protected DurableJob job(FilePath workspace, String temp, EnvVars environment) throws Exception {
            String policyText = EcrCleanupMapping.policyText(workspace, step.getPolicy());
            return new DurableJob.Cleanup(step.request(policyText, environment), workspace.getRemote(), temp);
        }

        @Override
        protected Map<String, Object> finish(String json, FilePath workspace, Launcher launcher, TaskListener listener) throws Exception {
            CleanupReport report = ReportFile.read(json.getBytes(StandardCharsets.UTF_8), CleanupReport.class);
            Run<?, ?> run = getContext().get(Run.class);
            run.addAction(new CleanupAction(report));
            if (dryRun) {
                Util.archive(planFile, run, workspace, getContext().get(EnvVars.class), launcher, listener);
            }
            Optional<String> failure = EcrCleanupMapping.failure(report);
            if (failure.isPresent()) {
                throw new AbortException(failure.get());
            }
            return EcrCleanupMapping.toPipeline(report, dryRun);
        }
    }

    @Extension
    public static final class DescriptorImpl extends AwsStepDescriptor {
        @Override
        public String getFunctionName() {
            return "ecrCleanup";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.EcrCleanupStep_DisplayName();
        }

        // The form checks answer POST only, as Jenkins asks of checks that take user input. They check syntax with the engine's
        // validators and read nothing from Jenkins, so they need no permission check.

        @POST
        public FormValidation doCheckUntaggedOlderThan(@QueryParameter String value) {
            return FormChecks.age(value, "untaggedOlderThan");
        }

        @POST
        public FormValidation doCheckTaggedOlderThan(@QueryParameter String value) {
            return FormChecks.age(value, "taggedOlderThan");
        }

        @POST
        public FormValidation doCheckTagPattern(@QueryParameter String value) {
            return FormChecks.regex(value, "tagPattern");
        }

        @POST
        public FormValidation doCheckProtectedTags(@QueryParameter String value) {
            return FormChecks.regexLines(value, "protectedTags");
        }

        @POST
        public FormValidation doCheckKeep(@QueryParameter String value) {
            return FormChecks.keepLines(value, "keep");
        }
    }
}
