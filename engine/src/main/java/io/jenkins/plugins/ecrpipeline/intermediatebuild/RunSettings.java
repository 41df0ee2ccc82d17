package io.jenkins.plugins.ecrpipeline.intermediatebuild;

import io.jenkins.plugins.ecrpipeline.intermediatebuild.BuildTarget.BuildOptions;
import java.io.Serializable;
import java.time.Duration;

/**
 * The run-wide choices a plan is carried out with, taken from the request when it is planned: what the run needs
 * beyond its targets, so that it never goes back to the request. The targets carry everything per service (image,
 * tags, build arguments, labels, smoke test).
 *
 * @param docker the docker client asked for, or null for {@code $ECR_PIPELINE_DOCKER}, else the first that builds
 * @param network the network for RUN steps, or null for Docker's default
 * @param tag the moving tag every image is pushed under (its registry cache tag follows from it)
 * @param push whether to push after a successful build
 * @param pushAttempts how often a push that failed for a passing reason is tried
 * @param registryCache whether the registry cache was asked for (it works only when the run pushes)
 * @param pull always pull a newer base image
 * @param attestations let buildx add provenance and SBOM attestations
 * @param serviceTimeout how long one service may take, or null for no limit
 * @param failFast stop the run at the first failure
 * @param smokeTestNetwork the network of smoke test containers
 * @param buildDateArg the build argument that carries the build date, or null for none (for the log)
 * @param reportFile where to write the JSON report, or null for none
 * @param shard the part of the selection this run builds ({@code i/n}), or null for all (for the log)
 */
record RunSettings(String docker, String network, String tag, boolean push, int pushAttempts, boolean registryCache, boolean pull,
        boolean attestations, Duration serviceTimeout, boolean failFast, String smokeTestNetwork, String buildDateArg, String reportFile,
        String shard) implements Serializable {
    private static final long serialVersionUID = 1L;

    static RunSettings of(BuildRequest request) {
        return new RunSettings(request.docker(), request.network(), request.tag(), request.push(), request.pushAttempts(),
                request.registryCache(), request.pull(), request.attestations(), request.serviceTimeout(), request.failFast(),
                request.smokeTestNetwork(), request.buildDateArg(), request.reportFile(), request.shard());
    }

    /** The choices that shape every build command; the registry cache is read and written only when images are pushed. */
    BuildOptions buildOptions() {
        return new BuildOptions(registryCache && push, pull, attestations);
    }
}
