package io.jenkins.plugins.ecrpipeline.imagebuild;

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
 */
public record ServiceResult(String service, String image, Outcome outcome, String digest, String imageId,
        long sizeBytes, Duration duration, String failure) implements java.io.Serializable {

    /** How a service ended. */
    public enum Outcome {
        PUSHED, BUILT, BUILD_FAILED, PUSH_FAILED,
        /** Not built because a service it builds FROM failed. */
        SKIPPED;

        public boolean failed() {
            return this == BUILD_FAILED || this == PUSH_FAILED || this == SKIPPED;
        }
    }
}
