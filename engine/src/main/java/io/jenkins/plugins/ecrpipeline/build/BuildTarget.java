package io.jenkins.plugins.ecrpipeline.build;

import io.jenkins.plugins.ecrpipeline.compose.BuildSpec;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One image to build and push: the service, the image name it gets, how to build it, and the final build
 * arguments (compose args, then command-line args, then the build date).
 */
public record BuildTarget(String service, ImageName image, BuildSpec spec, Map<String, String> buildArgs) {
    public BuildTarget {
        buildArgs = Collections.unmodifiableMap(new LinkedHashMap<>(buildArgs));
    }
}
