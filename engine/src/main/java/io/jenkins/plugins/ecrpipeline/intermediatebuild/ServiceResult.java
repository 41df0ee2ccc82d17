package io.jenkins.plugins.ecrpipeline.intermediatebuild;

import java.time.Duration;

/**
 * What happened to one service.
 *
 * @param service the compose service
 * @param image the image name it was built as
 * @param outcome built and pushed, built only, or failed
 * @param digest the pushed manifest digest, or null when not pushed
 * @param imageId the local image id, or null when the build failed
 * @param sizeBytes the local image size, or -1 when unknown
 * @param duration how long the build and push took
 * @param failure why it failed (step and docker's own words), or null
 * @param tags every image name pushed (the dated tag first, the moving tag last), empty when nothing was pushed
 * @param phases the service's steps with their start and end (build, cache pass, smoke test, each push...), in the
 *     order they ran; empty for a service that never started, and in reports written before phases were recorded
 */
public record ServiceResult(String service, String image, Outcome outcome, String digest, String imageId,
        long sizeBytes, Duration duration, String failure, java.util.List<String> tags, java.util.List<Phase> phases)
        implements java.io.Serializable {
    public ServiceResult {
        tags = tags == null ? java.util.List.of() : java.util.List.copyOf(tags);
        phases = phases == null ? java.util.List.of() : java.util.List.copyOf(phases);
    }

    /** A result without phases (a service that never ran, or one from a writer that did not record them). */
    public ServiceResult(String service, String image, Outcome outcome, String digest, String imageId, long sizeBytes, Duration duration,
            String failure, java.util.List<String> tags) {
        this(service, image, outcome, digest, imageId, sizeBytes, duration, failure, tags, java.util.List.of());
    }

    /** A service that ended without pushing anything. */
    public ServiceResult(String service, String image, Outcome outcome, String digest, String imageId, long sizeBytes, Duration duration,
            String failure) {
        this(service, image, outcome, digest, imageId, sizeBytes, duration, failure, java.util.List.of(), java.util.List.of());
    }

    /** The same result with the phases its run recorded. */
    ServiceResult withPhases(java.util.List<Phase> recorded) {
        return new ServiceResult(service, image, outcome, digest, imageId, sizeBytes, duration, failure, tags, recorded);
    }

    /** The same result with its image size, once known. */
    ServiceResult withSize(long bytes) {
        return new ServiceResult(service, image, outcome, digest, imageId, bytes, duration, failure, tags, phases);
    }

    /** The same result with its image ID and size, once known. */
    ServiceResult withImage(String id, long bytes) {
        return new ServiceResult(service, image, outcome, digest, id, bytes, duration, failure, tags, phases);
    }

    /** How a service ended. */
    public enum Outcome {
        PUSHED, BUILT, BUILD_FAILED,
        /** Built, but a smoke test failed, so it was not pushed. */
        SMOKE_TEST_FAILED,
        PUSH_FAILED,
        /** Stopped after the service timeout; nothing of it was pushed unless the push had finished. */
        TIMED_OUT,
        /** Stopped because another service failed and the run was asked to fail fast. */
        CANCELLED,
        /** Not built: a service it builds FROM failed, or the run stopped (fail-fast) before it started. */
        SKIPPED;

        public boolean failed() {
            return this != PUSHED && this != BUILT;
        }
    }
}
