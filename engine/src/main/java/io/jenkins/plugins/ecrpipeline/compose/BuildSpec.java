package io.jenkins.plugins.ecrpipeline.compose;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A service's resolved {@code build:} section. Paths are strings, as the machine that read the compose file sees
 * them, so a plan made on a Jenkins agent can travel to the controller and back.
 *
 * @param context absolute build context directory
 * @param dockerfile the Dockerfile, relative to the context unless absolute; null means {@code Dockerfile}
 * @param args build arguments; a null value means "declared without a value and not set in the environment",
 *     which leaves the Dockerfile's default in force
 * @param target the multi-stage target, or null
 * @param cacheFrom images to use as cache sources
 * @param labels image labels
 * @param location where the build section (or its context) was written
 * @param dockerfileLocation where {@code dockerfile:} was written, or the build section when it is not set
 */
public record BuildSpec(String context, String dockerfile, Map<String, String> args, String target,
        List<String> cacheFrom, Map<String, String> labels, SourceLocation location, SourceLocation dockerfileLocation)
        implements Serializable {
    public BuildSpec {
        // LinkedHashMap keeps the file's order and allows the null "unset" value.
        args = Collections.unmodifiableMap(new LinkedHashMap<>(args));
        cacheFrom = List.copyOf(cacheFrom);
        labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        dockerfileLocation = dockerfileLocation != null ? dockerfileLocation : location;
    }

    /** The Dockerfile's path. */
    public String dockerfilePath() {
        return Path.of(context).resolve(dockerfile == null ? "Dockerfile" : dockerfile).toString();
    }
}
