package io.jenkins.plugins.ecrpipeline.intermediatebuild;

import io.jenkins.plugins.ecrpipeline.PipelineException;
import io.jenkins.plugins.ecrpipeline.RequestField;
import io.jenkins.plugins.ecrpipeline.ecr.EcrAuthorizationRequest;
import io.jenkins.plugins.ecrpipeline.registry.ImageName;
import java.io.Serializable;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a nightly build should do, as a Jenkinsfile, the CLI or a test asks for it. Paths are relative to the host's
 * workspace. Build one with {@link #builder()}; every default lives there.
 *
 * @param composeFile the compose file
 * @param services explicit service names (empty: use {@code pattern}, else every service with a build section)
 * @param pattern a regular expression searched in service names, or null
 * @param registry registry host with an optional path ({@code host/team}), or null for each service's {@code image:}
 *     registry (or the ECR registry logged in to)
 * @param tag the tag to build and push
 * @param parallelism how many services build at once; 0 for the number of cores of the machine that plans
 * @param buildArgs extra build arguments, over those in the compose file
 * @param buildDateArg the build argument that carries the build date, or null for none
 * @param buildDate the build date, or null for now (UTC {@code yyyyMMddHHmmss})
 * @param push whether to push after a successful build
 * @param docker the docker client executable, or null for {@code $ECR_PIPELINE_DOCKER}, else {@code docker}
 * @param network the network for RUN steps, or null for Docker's default
 * @param reportFile where to write the JSON report, or null for none
 * @param ecrLogin log docker in to ECR first (and renew before pushes), or null to use docker's existing logins
 * @param shard {@code i/n}: build only the i-th of n deterministic parts of the selected services (one per agent), or
 *     null for all
 * @param pushAttempts how often a push that failed for a passing reason (5xx, timeout, reset) is tried, at least 1
 * @param datedTag a second, immutable tag pushed before {@code tag} ({@code {tag}}, {@code {date}} = yyyyMMdd,
 *     {@code {buildDate}} = yyyyMMddHHmmss), or null for none
 * @param registryCache use last night's pushed image as build cache and push images that carry complete cache metadata
 * @param ociLabels add the OCI labels for created date, git revision and source
 * @param attestations let buildx add provenance and SBOM attestations (each is another image in the repository)
 * @param pull always pull a newer base image ({@code FROM}), e.g. the fresh {@code :intermediate} of a production build
 * @param serviceTimeout how long one service may take (build, smoke tests, push), or null for no limit
 * @param failFast stop the run (cancel running services, start no more) at the first failure
 * @param smokeTests per service, a shell command run in a container of the new image before the push; a failure
 *     blocks that service's push
 * @param smokeTestNetwork the network of smoke test containers
 */
public record BuildRequest(String composeFile, List<String> services, String pattern, String registry, String tag, int parallelism,
        Map<String, String> buildArgs, String buildDateArg, String buildDate, boolean push, String docker, String network,
        String reportFile, EcrAuthorizationRequest ecrLogin, String shard, int pushAttempts, String datedTag, boolean registryCache,
        boolean ociLabels, boolean attestations, boolean pull, Duration serviceTimeout, boolean failFast, Map<String, String> smokeTests,
        String smokeTestNetwork) implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * The original nightly job's selection ({@code grep -E -- '-(production|qa)'}): every service whose name contains
     * {@code -production} or {@code -qa}, {@code reports-production-worker} included. Anchor it ({@code -(production|qa)$})
     * to build only names that end so.
     */
    public static final String NIGHTLY_PATTERN = "-(production|qa)";
    public static final String DEFAULT_TAG = "intermediate";
    public static final String DEFAULT_BUILD_DATE_ARG = "BUILD_DATE";
    public static final String DEFAULT_COMPOSE_FILE = "docker-compose.yml";
    public static final int DEFAULT_PUSH_ATTEMPTS = 3;
    public static final String DEFAULT_DATED_TAG = "{tag}-{date}";
    public static final String DEFAULT_SMOKE_TEST_NETWORK = "none";

    public BuildRequest {
        requireText(composeFile, RequestField.COMPOSE_FILE, "the path of a docker-compose.yml");
        services = List.copyOf(services);
        requireText(tag, RequestField.TAG, "e.g. intermediate");
        buildArgs = Collections.unmodifiableMap(new LinkedHashMap<>(buildArgs));
        if (!services.isEmpty() && pattern != null) {
            throw PipelineException.forField(RequestField.SERVICES, "give services or a pattern, not both (services: " + String.join(",", services)
                    + ", pattern: '" + pattern + "')");
        }
        if (parallelism < 0) {
            throw PipelineException.forField(RequestField.PARALLEL, "parallel must be at least 1 (or 0 for the number of cores), not " + parallelism);
        }
        if (registry != null && (registry.isBlank() || registry.contains("://") || registry.endsWith("/"))) {
            throw PipelineException.forField(RequestField.REGISTRY, "invalid registry '" + registry + "': give a host with an optional path, without scheme, "
                    + "e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com or 127.0.0.1:5000/team.");
        }
        if (pushAttempts < 1 || pushAttempts > 10) {
            throw PipelineException.forField(RequestField.PUSH_ATTEMPTS, "push attempts must be 1 to 10, not " + pushAttempts);
        }
        if (shard != null && !validShard(shard)) {
            throw PipelineException.forField(RequestField.SHARD, "invalid shard '" + shard + "': write i/n with 1 <= i <= n, e.g. 2/3");
        }
        smokeTests = Collections.unmodifiableMap(new LinkedHashMap<>(smokeTests));
        if (serviceTimeout != null && (serviceTimeout.isNegative() || serviceTimeout.isZero())) {
            throw PipelineException.forField(RequestField.SERVICE_TIMEOUT, "the service timeout must be positive, not " + serviceTimeout);
        }
        new ImageName(null, "x", tag);
        if (datedTag != null) {
            DatedTag.check(datedTag, tag);
        }
        requireText(smokeTestNetwork, RequestField.SMOKE_TEST_NETWORK, "none, host or a network name");
        if (buildDateArg != null && buildDateArg.isBlank()) {
            throw new PipelineException("the build date argument name is empty: give a name such as BUILD_DATE, or turn the build date off");
        }
    }

    private static void requireText(String value, RequestField field, String example) {
        if (value == null || value.isBlank()) {
            throw PipelineException.forField(field, field.engineName() + " is empty: give " + example);
        }
    }

    private static boolean validShard(String shard) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([0-9]{1,4})/([0-9]{1,4})").matcher(shard);
        return m.matches() && Integer.parseInt(m.group(1)) >= 1 && Integer.parseInt(m.group(1)) <= Integer.parseInt(m.group(2));
    }

    /** The shard's index (from 1) and count, or 1 of 1. */
    int[] shardIndexAndCount() {
        if (shard == null) {
            return new int[] {1, 1};
        }
        String[] parts = shard.split("/");
        return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link BuildRequest}; unset values take the documented defaults. */
    public static final class Builder {
        private String composeFile = DEFAULT_COMPOSE_FILE;
        private List<String> services = List.of();
        private String pattern;
        private String registry;
        private String tag = DEFAULT_TAG;
        private int parallelism;
        private Map<String, String> buildArgs = Map.of();
        private String buildDateArg = DEFAULT_BUILD_DATE_ARG;
        private String buildDate;
        private boolean push = true;
        private String docker;
        private String network;
        private String reportFile;
        private EcrAuthorizationRequest ecrLogin;
        private String shard;
        private int pushAttempts = DEFAULT_PUSH_ATTEMPTS;
        private String datedTag = DEFAULT_DATED_TAG;
        private boolean registryCache = true;
        private boolean ociLabels = true;
        private boolean attestations;
        private boolean pull;
        private Duration serviceTimeout;
        private boolean failFast;
        private Map<String, String> smokeTests = Map.of();
        private String smokeTestNetwork = DEFAULT_SMOKE_TEST_NETWORK;

        private Builder() {
        }

        public Builder composeFile(String value) {
            composeFile = value;
            return this;
        }

        public Builder services(List<String> value) {
            services = value == null ? List.of() : value;
            return this;
        }

        public Builder pattern(String value) {
            pattern = blankToNull(value);
            return this;
        }

        public Builder registry(String value) {
            registry = blankToNull(value);
            return this;
        }

        public Builder tag(String value) {
            tag = value;
            return this;
        }

        public Builder parallelism(int value) {
            parallelism = value;
            return this;
        }

        public Builder buildArgs(Map<String, String> value) {
            buildArgs = value == null ? Map.of() : value;
            return this;
        }

        /** The build argument carrying the build date; null turns the build date off. */
        public Builder buildDateArg(String value) {
            buildDateArg = value;
            return this;
        }

        public Builder buildDate(String value) {
            buildDate = blankToNull(value);
            return this;
        }

        public Builder push(boolean value) {
            push = value;
            return this;
        }

        public Builder docker(String value) {
            docker = blankToNull(value);
            return this;
        }

        public Builder network(String value) {
            network = blankToNull(value);
            return this;
        }

        public Builder reportFile(String value) {
            reportFile = blankToNull(value);
            return this;
        }

        public Builder ecrLogin(EcrAuthorizationRequest value) {
            ecrLogin = value;
            return this;
        }

        /** {@code i/n}, or null/blank for every selected service. */
        public Builder shard(String value) {
            shard = blankToNull(value);
            return this;
        }

        public Builder pushAttempts(int value) {
            pushAttempts = value;
            return this;
        }

        /** The second, immutable tag ({@code {tag}}, {@code {date}}, {@code {buildDate}}); null or blank for none. */
        public Builder datedTag(String value) {
            datedTag = blankToNull(value);
            return this;
        }

        public Builder registryCache(boolean value) {
            registryCache = value;
            return this;
        }

        public Builder ociLabels(boolean value) {
            ociLabels = value;
            return this;
        }

        public Builder attestations(boolean value) {
            attestations = value;
            return this;
        }

        public Builder pull(boolean value) {
            pull = value;
            return this;
        }

        public Builder serviceTimeout(Duration value) {
            serviceTimeout = value;
            return this;
        }

        public Builder failFast(boolean value) {
            failFast = value;
            return this;
        }

        public Builder smokeTests(Map<String, String> value) {
            smokeTests = value == null ? Map.of() : value;
            return this;
        }

        public Builder smokeTestNetwork(String value) {
            smokeTestNetwork = value == null || value.isBlank() ? DEFAULT_SMOKE_TEST_NETWORK : value;
            return this;
        }

        public BuildRequest build() {
            return new BuildRequest(composeFile, services, pattern, registry, tag, parallelism, buildArgs, buildDateArg, buildDate, push,
                    docker, network, reportFile, ecrLogin, shard, pushAttempts, datedTag, registryCache, ociLabels, attestations, pull,
                    serviceTimeout, failFast, smokeTests, smokeTestNetwork);
        }

        private static String blankToNull(String value) {
            return value == null || value.isBlank() ? null : value;
        }
    }
}
