package io.jenkins.plugins.ecrpipeline.imagebuild;

import io.jenkins.plugins.ecrpipeline.compose.BuildSpec;
import io.jenkins.plugins.ecrpipeline.docker.DockerBuild;
import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One image to build and push: the service, the image name it gets, how to build it, and the final build
 * arguments (compose args, then the request's args, then the build date).
 */
public record BuildTarget(String service, ImageName image, BuildSpec spec, Map<String, String> buildArgs) implements Serializable {
    public BuildTarget {
        buildArgs = Collections.unmodifiableMap(new LinkedHashMap<>(buildArgs));
    }

    public BuildTarget withRegistry(String registry) {
        return new BuildTarget(service, image.withRegistry(registry), spec, buildArgs);
    }

    DockerBuild dockerBuild() {
        return new DockerBuild(spec.context(), spec.dockerfilePath(), buildArgs, spec.target(), spec.cacheFrom(), spec.labels(),
                image.toString());
    }
}
