package io.jenkins.plugins.ecrpipeline.intermediatebuild;

/**
 * The tag under which the nightly build keeps each repository's registry cache: an image with complete BuildKit cache
 * metadata, moved only by a build that wrote such metadata. The moving tag cannot be the cache itself: an image built
 * from an imported cache lacks the metadata of the layers it reused (moby/buildkit#1981), so reading the cache from
 * last night's image would miss every other night. Cleanup keeps this tag.
 */
public final class BuildCacheTag {
    private static final String SUFFIX = "-cache";

    private BuildCacheTag() {
    }

    /** The cache tag that goes with a moving tag: {@code intermediate} -> {@code intermediate-cache}. */
    public static String of(String tag) {
        return tag + SUFFIX;
    }
}
