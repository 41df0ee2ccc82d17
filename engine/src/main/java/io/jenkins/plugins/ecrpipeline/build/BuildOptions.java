package io.jenkins.plugins.ecrpipeline.build;

import io.jenkins.plugins.ecrpipeline.PipelineException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How to name and build the images.
 *
 * @param registry registry host, optionally with a path prefix ({@code host/team}); null to use each service's
 *     {@code image:} registry
 * @param tag the tag to build and push, e.g. {@code intermediate}
 * @param buildArgs extra build arguments, over those in the compose file
 * @param buildDateArg the build argument that carries the build date (busts the cache after it); null for none
 * @param buildDate its value, e.g. {@code 20261125030000}
 * @param push whether to push after a successful build
 */
public record BuildOptions(String registry, String tag, Map<String, String> buildArgs, String buildDateArg,
        String buildDate, boolean push) {
    public BuildOptions {
        buildArgs = Collections.unmodifiableMap(new LinkedHashMap<>(buildArgs));
        if (registry != null && (registry.isBlank() || registry.contains("://") || registry.endsWith("/"))) {
            throw new PipelineException("invalid registry '" + registry
                    + "': give a host with an optional path, without scheme, e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com or 127.0.0.1:5000/team.");
        }
        if (buildDateArg != null && buildDate == null) {
            throw new IllegalArgumentException("a build date argument needs a value");
        }
    }
}
