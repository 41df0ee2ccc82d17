package io.jenkins.plugins.ecrpipeline.intermediatebuild;

import io.jenkins.plugins.ecrpipeline.PipelineException;
import io.jenkins.plugins.ecrpipeline.RequestField;
import io.jenkins.plugins.ecrpipeline.compose.BuildSpec;
import io.jenkins.plugins.ecrpipeline.compose.ComposeException;
import io.jenkins.plugins.ecrpipeline.compose.ComposeLoader;
import io.jenkins.plugins.ecrpipeline.compose.ComposeProject;
import io.jenkins.plugins.ecrpipeline.compose.ServiceDefinition;
import io.jenkins.plugins.ecrpipeline.compose.ServiceSelection;
import io.jenkins.plugins.ecrpipeline.process.Host;
import io.jenkins.plugins.ecrpipeline.registry.ImageName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a {@link BuildRequest} into a {@link BuildPlan}: reads the compose file, selects the services, and checks
 * before anything runs that every build context and Dockerfile exists and every image has a registry to go to.
 */
final class BuildPlanner {
    private BuildPlanner() {
    }

    static BuildPlan plan(BuildRequest request, Host host) {
        ComposeProject project = new ComposeLoader(host.environment()).load(host.resolve(request.composeFile()));
        // The request has names or a pattern, never both (it checks that when it is made).
        List<ServiceDefinition> selected = (request.pattern() == null ? ServiceSelection.named(request.services())
                : ServiceSelection.matching(request.pattern())).select(project);
        boolean registryFromLogin = request.registry() == null && request.ecrLogin() != null;
        String buildDate = request.buildDateArg() == null ? null
                : request.buildDate() != null ? request.buildDate() : BuildDate.of(host.clock().instant());
        // The dated tag and the created label follow the build date when it is a date, else the clock.
        String stamp = BuildDate.of(java.util.Optional.ofNullable(buildDate).flatMap(BuildDate::parse).orElse(host.clock().instant()));
        checkSmokeTests(request, selected);
        List<String> extraTags = request.datedTag() == null ? List.of() : List.of(DatedTag.expand(request.datedTag(), request.tag(), stamp));
        Map<String, String> labels = request.ociLabels() ? OciLabels.of(stamp, host.environment(), project.file().getParent()) : Map.of();
        List<BuildTarget> targets = new ArrayList<>();
        for (ServiceDefinition service : selected) {
            BuildSpec spec = service.build().orElseThrow();
            checkFilesExist(service.name(), spec);
            targets.add(new BuildTarget(service.name(), imageFor(service, request, registryFromLogin), spec,
                    buildArgs(spec, request, buildDate)).withPublishing(extraTags, labels, request.smokeTests().get(service.name()))
                    .withDateTail(DateTail.of(spec.dockerfilePath(), spec.target(), buildDate == null ? null : request.buildDateArg())));
        }
        List<BuildTarget> part = shard(BuildOrder.of(targets), request);
        DefaultParallelism automatic = DefaultParallelism.of(part.size());
        int parallelism = request.parallelism() > 0 ? request.parallelism() : automatic.value();
        String why = request.parallelism() > 0 ? "as asked" : automatic.reason();
        return new BuildPlan(RunSettings.of(request), project.file().toString(), part, buildDate, parallelism, why, registryFromLogin);
    }

    private static void checkSmokeTests(BuildRequest request, List<ServiceDefinition> selected) {
        List<String> names = selected.stream().map(ServiceDefinition::name).toList();
        for (Map.Entry<String, String> test : request.smokeTests().entrySet()) {
            if (!names.contains(test.getKey())) {
                throw PipelineException.forField(RequestField.SMOKE_TESTS, "a smoke test is given for \"" + test.getKey()
                        + "\", which is not a selected service; selected: " + String.join(", ", names));
            }
            if (test.getValue() == null || test.getValue().isBlank()) {
                throw PipelineException.forField(RequestField.SMOKE_TESTS, "the smoke test of \"" + test.getKey() + "\" is empty: give a shell command, "
                        + "e.g. 'test -x /app/bin/server'");
            }
        }
    }

    /**
     * The request's part of the plan: services that build FROM one another stay together (a group is the services
     * connected by FROM), and every n-th group from the i-th, in file order, goes to shard i, so each agent of a fan-out
     * gets a fixed, disjoint, self-contained part.
     */
    private static List<BuildTarget> shard(List<BuildTarget> ordered, BuildRequest request) {
        int[] shard = request.shardIndexAndCount();
        if (shard[1] == 1) {
            return ordered;
        }
        List<Integer> group = BuildOrder.groups(ordered);
        List<BuildTarget> part = new ArrayList<>();
        for (int i = 0; i < ordered.size(); i++) {
            if (group.get(i) % shard[1] == shard[0] - 1) {
                part.add(ordered.get(i));
            }
        }
        return part;
    }

    private static void checkFilesExist(String service, BuildSpec spec) {
        if (!Files.isDirectory(Path.of(spec.context()))) {
            throw new ComposeException(spec.location(), "service \"" + service + "\": build context " + spec.context()
                    + " is not a directory. Fix build.context (relative paths start at the compose file's directory).");
        }
        if (!Files.isRegularFile(Path.of(spec.dockerfilePath()))) {
            throw new ComposeException(spec.dockerfileLocation(), "service \"" + service + "\": Dockerfile not found: "
                    + spec.dockerfilePath() + ". Create it, or set build.dockerfile to the right file (relative to the build context).");
        }
    }

    private static ImageName imageFor(ServiceDefinition service, BuildRequest request, boolean registryFromLogin) {
        ImageName declared = service.image() == null ? null : ImageName.parse(service.image());
        String repository = declared == null ? service.name() : declared.repository();
        String registry = declared == null ? null : declared.registry();
        if (request.registry() != null) {
            int slash = request.registry().indexOf('/');
            registry = slash < 0 ? request.registry() : request.registry().substring(0, slash);
            repository = slash < 0 ? repository : request.registry().substring(slash + 1) + "/" + repository;
        }
        if (registryFromLogin) {
            registry = null;
        } else if (registry == null && request.push()) {
            throw ComposeException.forField(RequestField.REGISTRY, service.location() + ": service \"" + service.name() + "\" has no registry to push to. "
                    + "Set the registry (e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com), log in to ECR first, or write image: "
                    + "<registry>/" + repository + " in the compose file.");
        }
        return new ImageName(registry, repository, request.tag());
    }

    private static Map<String, String> buildArgs(BuildSpec spec, BuildRequest request, String buildDate) {
        Map<String, String> args = new LinkedHashMap<>();
        // An argument declared without a value and unset is left out, so the Dockerfile's default applies.
        spec.args().forEach((k, v) -> {
            if (v != null) {
                args.put(k, v);
            }
        });
        args.putAll(request.buildArgs());
        if (buildDate != null) {
            args.put(request.buildDateArg(), buildDate);
        }
        return args;
    }
}
