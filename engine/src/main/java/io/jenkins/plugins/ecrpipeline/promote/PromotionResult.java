package io.jenkins.plugins.ecrpipeline.promote;

import java.io.Serializable;
import java.util.List;

/**
 * What happened to one service's promotion.
 *
 * @param service the service
 * @param from the source as requested (tag or digest)
 * @param to the target images, {@code host/repository:tag}
 * @param placed the targets that name {@code digest} now, in order: all of {@code to} unless the promotion failed midway
 * @param digest the manifest digest that was promoted (the source's when the promotion failed later), or null when
 *     the source could not be read
 * @param mediaType the manifest's media type (an index for multi-arch images)
 * @param route how the manifest moved: through ECR's API within a repository, or through the registry API
 * @param bytesCopied bytes of blobs copied between repositories (0 for a retag)
 * @param blobsCopied blobs copied (read from the source, written to the target)
 * @param blobsMounted blobs the registry linked from the source repository without copying
 * @param blobsSkipped blobs the target already held
 * @param outcome promoted, already promoted (every target already had the digest), or failed
 * @param failure why it failed, or null
 */
public record PromotionResult(String service, String from, List<String> to, List<String> placed, String digest, String mediaType, Route route, long bytesCopied,
        int blobsCopied, int blobsMounted, int blobsSkipped, Outcome outcome, String failure) implements Serializable {
    private static final long serialVersionUID = 1L;

    public PromotionResult {
        to = List.copyOf(to);
        // Reports written before targets were counted have no list.
        placed = placed == null ? List.of() : List.copyOf(placed);
    }

    /** The targets a failed promotion did not reach (empty when it succeeded). */
    public List<String> notPlaced() {
        return to.stream().filter(t -> !placed.contains(t)).toList();
    }

    /** How a manifest reached its targets. */
    public enum Route {
        /** ECR BatchGetImage and PutImage: a retag within one repository, no blob moves. */
        ECR_API,
        /** The registry HTTP API (OCI distribution): manifest GET/PUT, blobs mounted or copied when they are missing. */
        REGISTRY_API
    }

    /** How a promotion ended. */
    public enum Outcome {
        PROMOTED, ALREADY_PROMOTED, FAILED;

        public boolean failed() {
            return this == FAILED;
        }
    }
}
