package io.jenkins.plugins.ecrpipeline.compose;

import java.util.Optional;

/**
 * One service of a compose project after interpolation and {@code extends}.
 *
 * @param name the service name
 * @param build how to build its image, if it has a build section
 * @param image the {@code image:} value, or null
 * @param location where the service was defined
 */
public record ServiceDefinition(String name, Optional<BuildSpec> build, String image, SourceLocation location) {
    public boolean isBuildable() {
        return build.isPresent();
    }
}
