package io.jenkins.plugins.ecrpipeline.docker;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one {@code docker build} gets: paths as the machine that runs docker sees them.
 *
 * @param context the build context directory
 * @param dockerfile the Dockerfile
 * @param buildArgs the build arguments, in order
 * @param target the multi-stage target, or null
 * @param cacheFrom images to use as cache sources
 * @param labels image labels
 * @param image the name and tag the image gets
 * @param pull always look for a newer base image in the registry
 * @param attestations let buildx attach provenance and SBOM attestations
 * @param alsoTagged more names the image gets in the build itself (a dated tag, the cache tag): docker names an image
 *     only when its build succeeds, and no {@code docker tag} has to follow
 */
public record DockerBuild(String context, String dockerfile, Map<String, String> buildArgs, String target, List<String> cacheFrom,
        Map<String, String> labels, String image, boolean pull, boolean attestations, List<String> alsoTagged) {
    public DockerBuild {
        buildArgs = Collections.unmodifiableMap(new LinkedHashMap<>(buildArgs));
        cacheFrom = List.copyOf(cacheFrom);
        labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        alsoTagged = alsoTagged == null ? List.of() : List.copyOf(alsoTagged);
    }

    public DockerBuild(String context, String dockerfile, Map<String, String> buildArgs, String target, List<String> cacheFrom,
            Map<String, String> labels, String image, boolean pull, boolean attestations) {
        this(context, dockerfile, buildArgs, target, cacheFrom, labels, image, pull, attestations, List.of());
    }

    /**
     * The same build without cache sources, with one more build argument and one more name (the second, cache-metadata
     * pass, whose image the cache tag names too).
     */
    public DockerBuild withoutCacheSources(String extraArg, String value, String extraName) {
        Map<String, String> args = new LinkedHashMap<>(buildArgs);
        args.put(extraArg, value);
        List<String> names = new java.util.ArrayList<>(alsoTagged);
        names.add(extraName);
        return new DockerBuild(context, dockerfile, args, target, List.of(), labels, image, pull, attestations, names);
    }
}
