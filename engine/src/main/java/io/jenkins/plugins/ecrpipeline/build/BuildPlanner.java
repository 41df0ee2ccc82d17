package io.jenkins.plugins.ecrpipeline.build;

import io.jenkins.plugins.ecrpipeline.compose.BuildSpec;
import io.jenkins.plugins.ecrpipeline.compose.ComposeException;
import io.jenkins.plugins.ecrpipeline.compose.ComposeProject;
import io.jenkins.plugins.ecrpipeline.compose.ServiceDefinition;
import io.jenkins.plugins.ecrpipeline.compose.ServiceSelection;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns selected compose services into {@link BuildTarget}s, checking before anything runs that every build
 * context and Dockerfile exists and every image has a registry to go to.
 */
public final class BuildPlanner {
    private final BuildOptions options;

    public BuildPlanner(BuildOptions options) {
        this.options = options;
    }

    public List<BuildTarget> plan(ComposeProject project, ServiceSelection selection) {
        List<BuildTarget> targets = new ArrayList<>();
        for (ServiceDefinition service : selection.select(project)) {
            BuildSpec spec = service.build().orElseThrow();
            checkFilesExist(service.name(), spec);
            targets.add(new BuildTarget(service.name(), imageFor(service), spec, buildArgs(spec)));
        }
        return targets;
    }

    private void checkFilesExist(String service, BuildSpec spec) {
        if (!Files.isDirectory(spec.context())) {
            throw new ComposeException(spec.location(), "service \"" + service + "\": build context " + spec.context()
                    + " is not a directory. Fix build.context (relative paths start at the compose file's directory).");
        }
        if (!Files.isRegularFile(spec.dockerfilePath())) {
            throw new ComposeException(spec.location(), "service \"" + service + "\": Dockerfile not found: " + spec.dockerfilePath()
                    + ". Create it, or set build.dockerfile to the right file (relative to the build context).");
        }
    }

    private ImageName imageFor(ServiceDefinition service) {
        ImageName declared = service.image() == null ? null : ImageName.parse(service.image());
        String repository = declared == null ? service.name() : declared.repository();
        String registry = declared == null ? null : declared.registry();
        if (options.registry() != null) {
            int slash = options.registry().indexOf('/');
            registry = slash < 0 ? options.registry() : options.registry().substring(0, slash);
            repository = slash < 0 ? repository : options.registry().substring(slash + 1) + "/" + repository;
        }
        if (registry == null && options.push()) {
            throw new ComposeException(service.location(), "service \"" + service.name() + "\" has no registry to push to. "
                    + "Pass --registry (e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com), or write image: <registry>/"
                    + repository + " in the compose file.");
        }
        return new ImageName(registry, repository, options.tag());
    }

    private Map<String, String> buildArgs(BuildSpec spec) {
        Map<String, String> args = new LinkedHashMap<>();
        // An argument declared without a value and unset is left out, so the Dockerfile's default applies.
        spec.args().forEach((k, v) -> {
            if (v != null) {
                args.put(k, v);
            }
        });
        args.putAll(options.buildArgs());
        if (options.buildDateArg() != null) {
            args.put(options.buildDateArg(), options.buildDate());
        }
        return args;
    }
}
