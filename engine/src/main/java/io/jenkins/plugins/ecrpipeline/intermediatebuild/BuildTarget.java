package io.jenkins.plugins.ecrpipeline.intermediatebuild;

import io.jenkins.plugins.ecrpipeline.compose.BuildSpec;
import io.jenkins.plugins.ecrpipeline.docker.DockerBuild;
import io.jenkins.plugins.ecrpipeline.registry.ImageName;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One image to build and push: the service, the image name it gets, how to build it, the final build arguments
 * (compose args, then the request's args, then the build date), and the selected services whose images its
 * Dockerfile builds FROM (they build first).
 *
 * @param level 1 for a service that needs no other, else one more than the highest level it needs
 * @param extraTags tags pushed before {@code image}'s own tag (the dated tag), so the moving tag moves last
 * @param labels labels added to the compose file's (OCI created, revision, source)
 * @param smokeTest a shell command run in a container of the new image before the push, or null
 * @param dateTail the Dockerfile steps the build date re-runs, against which a night's build judges its registry cache
 */
record BuildTarget(String service, ImageName image, BuildSpec spec, Map<String, String> buildArgs, List<String> dependsOn,
        int level, List<String> extraTags, Map<String, String> labels, String smokeTest, DateTail dateTail) implements Serializable {
    /** Makes BuildKit write the cache metadata into the image config, so the pushed image serves as cache. */
    static final String INLINE_CACHE_ARG = "BUILDKIT_INLINE_CACHE";

    BuildTarget {
        buildArgs = Collections.unmodifiableMap(new LinkedHashMap<>(buildArgs));
        dependsOn = List.copyOf(dependsOn);
        extraTags = List.copyOf(extraTags);
        labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        dateTail = dateTail == null ? DateTail.UNKNOWN : dateTail;
    }

    BuildTarget(String service, ImageName image, BuildSpec spec, Map<String, String> buildArgs) {
        this(service, image, spec, buildArgs, List.of(), 1, List.of(), Map.of(), null, null);
    }

    BuildTarget withDependencies(List<String> services, int newLevel) {
        return new BuildTarget(service, image, spec, buildArgs, services, newLevel, extraTags, labels, smokeTest, dateTail);
    }

    BuildTarget withPublishing(List<String> tags, Map<String, String> newLabels, String command) {
        return new BuildTarget(service, image, spec, buildArgs, dependsOn, level, tags, newLabels, command, dateTail);
    }

    BuildTarget withDateTail(DateTail tail) {
        return new BuildTarget(service, image, spec, buildArgs, dependsOn, level, extraTags, labels, smokeTest, tail);
    }

    BuildTarget withRegistry(String registry) {
        return new BuildTarget(service, image.withRegistry(registry), spec, buildArgs, dependsOn, level, extraTags, labels, smokeTest,
                dateTail);
    }

    /** Every image name pushed for this target, the moving tag after the dated one. */
    List<String> pushOrder() {
        List<String> names = new ArrayList<>();
        extraTags.forEach(t -> names.add(image.withTag(t).toString()));
        names.add(image.toString());
        return names;
    }

    /** The registry cache image of this service ({@link BuildCacheTag}). */
    String cacheImage() {
        return image.withTag(BuildCacheTag.of(image.tag())).toString();
    }

    /**
     * The docker build, which names the image with every tag pushed. With {@code registryCache}, the service's cache image is a cache source; when it needs
     * refreshing, {@link #cacheMetadataBuild} writes the next one.
     */
    DockerBuild dockerBuild(BuildOptions options) {
        List<String> cacheFrom = new ArrayList<>(spec.cacheFrom());
        if (options.registryCache() && image.registry() != null && !cacheFrom.contains(cacheImage())) {
            cacheFrom.add(cacheImage());
        }
        Map<String, String> allLabels = new LinkedHashMap<>(spec.labels());
        allLabels.putAll(labels);
        List<String> otherNames = pushOrder();
        otherNames.remove(image.toString());
        return new DockerBuild(spec.context(), spec.dockerfilePath(), buildArgs, spec.target(), cacheFrom, allLabels, image.toString(),
                options.pull(), options.attestations(), otherNames);
    }

    /**
     * The same build again, right after it, without cache sources and with inline cache metadata: every layer comes
     * from the daemon's local cache (a fraction of a second), and unlike a build that took layers from an imported
     * cache (moby/buildkit#1981) it writes metadata for all of them, so the pushed image serves as tomorrow's cache.
     * It names the image with the cache tag as well.
     */
    DockerBuild cacheMetadataBuild(BuildOptions options) {
        return dockerBuild(options).withoutCacheSources(INLINE_CACHE_ARG, "1", cacheImage());
    }

    /** The run-wide choices that shape every build command. */
    record BuildOptions(boolean registryCache, boolean pull, boolean attestations) implements Serializable {
    }
}
