package io.jenkins.plugins.ecrpipeline.imagebuild;

import io.jenkins.plugins.ecrpipeline.compose.BuildSpec;
import io.jenkins.plugins.ecrpipeline.docker.DockerBuild;
import java.io.Serializable;
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
 */
public record BuildTarget(String service, ImageName image, BuildSpec spec, Map<String, String> buildArgs, List<String> dependsOn,
        int level) implements Serializable {
    public BuildTarget {
        buildArgs = Collections.unmodifiableMap(new LinkedHashMap<>(buildArgs));
        dependsOn = List.copyOf(dependsOn);
    }

    BuildTarget(String service, ImageName image, BuildSpec spec, Map<String, String> buildArgs) {
        this(service, image, spec, buildArgs, List.of(), 1);
    }

    BuildTarget withDependencies(List<String> services, int newLevel) {
        return new BuildTarget(service, image, spec, buildArgs, services, newLevel);
    }

    public BuildTarget withRegistry(String registry) {
        return new BuildTarget(service, image.withRegistry(registry), spec, buildArgs, dependsOn, level);
    }

    DockerBuild dockerBuild() {
        return new DockerBuild(spec.context(), spec.dockerfilePath(), buildArgs, spec.target(), spec.cacheFrom(), spec.labels(),
                image.toString());
    }
}
