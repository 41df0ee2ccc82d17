package io.jenkins.plugins.ecrpipeline.cleanup;

import io.jenkins.plugins.ecrpipeline.PipelineException;
import io.jenkins.plugins.ecrpipeline.RequestField;
import io.jenkins.plugins.ecrpipeline.ecr.EcrAuthorizationRequest;
import java.io.Serializable;

/**
 * A cleanup as a Jenkinsfile, the CLI or a test asks for it. Build one with {@link #builder()}.
 *
 * @param policy what to delete and keep; null only to apply a plan file (its in-use images, when it has any, are checked
 *     again before deleting)
 * @param registry the registry host (ECR's {@code <account>.dkr.ecr.<region>.amazonaws.com} or any registry); null with
 *     an ECR login for the login's own registry
 * @param ecrApi clean through ECR's API with this JVM's AWS credentials (no docker login happens); null to use the registry
 *     API with the docker
 *     config's logins
 * @param dockerConfig the docker config directory for registry logins, or null for the host's
 * @param mode a dry run, planning and deleting, or applying a plan file
 * @param planFile a dry run writes the plan here, or null; applying a plan reads it (relative to the workspace); null
 *     when planning and deleting
 * @param reportFile where an execution writes what it deleted and what failed, or null
 * @param lifecyclePolicyFile where to write the policy as an ECR lifecycle policy, or null
 * @param putLifecyclePolicy whether to set that lifecycle policy on the repositories (ECR only)
 * @param concurrency how many repositories are listed or deleted from at once
 */
public record CleanupRequest(CleanupPolicy policy, String registry, EcrAuthorizationRequest ecrApi, String dockerConfig, Mode mode,
        String planFile, String reportFile, String lifecyclePolicyFile, boolean putLifecyclePolicy, int concurrency) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** What a cleanup does; each face spells it its own way (the CLI's --execute with --plan-file, the step's dryRun). */
    public enum Mode {
        /** Plan only, and write the plan to the plan file when there is one. */
        DRY_RUN,
        /** Plan and delete repository by repository. */
        PLAN_AND_DELETE,
        /** Delete exactly the entries of an earlier dry run's plan file that still hold. */
        APPLY_PLAN;

        /** The mode the faces' two settings mean: delete or not, and a plan file or not. */
        public static Mode of(boolean delete, String planFile) {
            return !delete ? DRY_RUN : planFile == null ? PLAN_AND_DELETE : APPLY_PLAN;
        }

        /** Whether this mode deletes. */
        public boolean deletes() {
            return this != DRY_RUN;
        }
    }

    public CleanupRequest {
        java.util.Objects.requireNonNull(mode, "mode");
        if (mode == Mode.PLAN_AND_DELETE && planFile != null) {
            throw PipelineException.forField(RequestField.PLAN_FILE, "planning and deleting writes no plan file; apply the plan file instead");
        }
        if (mode == Mode.APPLY_PLAN && planFile == null) {
            throw PipelineException.forField(RequestField.PLAN_FILE, "applying a plan needs the plan file an earlier dry run wrote");
        }
        if (policy == null && mode != Mode.APPLY_PLAN) {
            throw PipelineException.forField(RequestField.POLICY, "a cleanup needs a policy: repositories and rules (only applying a plan file needs none)");
        }
        if (policy == null && (lifecyclePolicyFile != null || putLifecyclePolicy)) {
            throw PipelineException.forField(RequestField.POLICY, "a lifecycle policy is made from a cleanup policy; give one");
        }
        if ((registry == null || registry.isBlank()) && ecrApi == null) {
            throw PipelineException.forField(RequestField.REGISTRY, "name the registry to clean (host[:port]), or use an ECR login for the account's own registry");
        }
        registry = registry == null || registry.isBlank() ? null : registry.replaceFirst("^[a-z]+://", "").replaceFirst("/+$", "");
        if (concurrency < 1 || concurrency > 64) {
            throw PipelineException.forField(RequestField.CONCURRENCY, "invalid concurrency " + concurrency + ": 1 to 64 repositories at once");
        }
        if (putLifecyclePolicy && ecrApi == null) {
            throw PipelineException.forField(RequestField.PUT_LIFECYCLE_POLICY, "lifecycle policies are ECR's: setting one needs an ECR login");
        }
    }

    public static Builder builder(CleanupPolicy policy) {
        return new Builder(policy);
    }

    /** Optional settings with their defaults: dry run, 4 repositories at once. */
    public static final class Builder {
        private final CleanupPolicy policy;
        private String registry;
        private EcrAuthorizationRequest ecrApi;
        private String dockerConfig;
        private boolean execute;
        private String planFile;
        private String reportFile;
        private String lifecyclePolicyFile;
        private boolean putLifecyclePolicy;
        private int concurrency = 4;

        private Builder(CleanupPolicy policy) {
            this.policy = policy;
        }

        public Builder registry(String value) {
            registry = value;
            return this;
        }

        /** Clean through ECR's API with these credentials (the faces' {@code ecrApi}, formerly {@code ecrLogin}). */
        public Builder ecrApi(EcrAuthorizationRequest value) {
            ecrApi = value;
            return this;
        }

        public Builder dockerConfig(String value) {
            dockerConfig = value == null || value.isBlank() ? null : value;
            return this;
        }

        /** Delete (with a plan file: apply it), or not (a dry run). */
        public Builder execute(boolean value) {
            execute = value;
            return this;
        }

        public Builder planFile(String value) {
            planFile = value == null || value.isBlank() ? null : value;
            return this;
        }

        public Builder reportFile(String value) {
            reportFile = value == null || value.isBlank() ? null : value;
            return this;
        }

        public Builder lifecyclePolicyFile(String value) {
            lifecyclePolicyFile = value == null || value.isBlank() ? null : value;
            return this;
        }

        public Builder putLifecyclePolicy(boolean value) {
            putLifecyclePolicy = value;
            return this;
        }

        public Builder concurrency(int value) {
            concurrency = value;
            return this;
        }

        public CleanupRequest build() {
            return new CleanupRequest(policy, registry, ecrApi, dockerConfig, Mode.of(execute, planFile), planFile, reportFile, lifecyclePolicyFile,
                    putLifecyclePolicy, concurrency);
        }
    }
}
