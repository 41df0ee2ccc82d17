package io.jenkins.plugins.ecrpipeline.intermediatebuild;

import io.jenkins.plugins.ecrpipeline.PipelineException;
import io.jenkins.plugins.ecrpipeline.compose.ComposeException;
import io.jenkins.plugins.ecrpipeline.registry.ImageName;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Orders the targets so that a service whose Dockerfile builds FROM another selected service's image comes after it:
 * levels (1: needs nothing), file order within a level. A cycle is an error naming its services.
 */
final class BuildOrder {
    private BuildOrder() {
    }

    static List<BuildTarget> of(List<BuildTarget> targets) {
        Map<String, List<String>> needs = new HashMap<>();
        for (BuildTarget target : targets) {
            Set<String> on = new LinkedHashSet<>();
            for (String base : DockerfileBases.of(target.spec().dockerfilePath(), target.buildArgs())) {
                ImageName reference = parse(base);
                if (reference == null) {
                    continue;
                }
                for (BuildTarget other : targets) {
                    if (other != target && builds(other, reference)) {
                        on.add(other.service());
                    }
                }
            }
            needs.put(target.service(), List.copyOf(on));
        }
        Map<String, Integer> levels = new HashMap<>();
        for (BuildTarget target : targets) {
            level(target.service(), needs, levels, new ArrayList<>());
        }
        List<BuildTarget> ordered = new ArrayList<>();
        int highest = levels.values().stream().mapToInt(Integer::intValue).max().orElse(1);
        for (int level = 1; level <= highest; level++) {
            for (BuildTarget target : targets) {
                if (levels.get(target.service()) == level) {
                    ordered.add(target.withDependencies(needs.get(target.service()), level));
                }
            }
        }
        return ordered;
    }

    private static int level(String service, Map<String, List<String>> needs, Map<String, Integer> levels, List<String> path) {
        Integer known = levels.get(service);
        if (known != null) {
            return known;
        }
        if (path.contains(service)) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(service), path.size()));
            cycle.add(service);
            throw new ComposeException("services build FROM each other's images in a cycle: " + String.join(" -> ", cycle)
                    + ". Break it: one of them must build FROM an image that is not built in the same run.");
        }
        path.add(service);
        int level = 1;
        for (String dependency : needs.get(service)) {
            level = Math.max(level, 1 + level(dependency, needs, levels, path));
        }
        path.remove(path.size() - 1);
        levels.put(service, level);
        return level;
    }

    /** Whether {@code target} builds the image a FROM line names: same registry, repository and tag (no tag: latest). */
    private static boolean builds(BuildTarget target, ImageName reference) {
        ImageName image = target.image();
        String tag = reference.tag() == null ? "latest" : reference.tag();
        return image.repository().equals(reference.repository()) && tag.equals(image.tag())
                && java.util.Objects.equals(image.registry(), reference.registry());
    }

    private static ImageName parse(String reference) {
        try {
            return ImageName.parse(reference);
        } catch (PipelineException e) {
            // Not an image name we could build here (scratch with a digest, an unresolved variable): no dependency.
            return null;
        }
    }

    /** For each target, the number of its group: targets connected by FROM share one; numbered in order of first member. */
    static List<Integer> groups(List<BuildTarget> ordered) {
        Map<String, String> parent = new HashMap<>();
        for (BuildTarget target : ordered) {
            parent.put(target.service(), target.service());
        }
        for (BuildTarget target : ordered) {
            for (String dependency : target.dependsOn()) {
                parent.put(root(parent, target.service()), root(parent, dependency));
            }
        }
        Map<String, Integer> numbers = new HashMap<>();
        List<Integer> groups = new ArrayList<>();
        for (BuildTarget target : ordered) {
            groups.add(numbers.computeIfAbsent(root(parent, target.service()), r -> numbers.size()));
        }
        return groups;
    }

    private static String root(Map<String, String> parent, String service) {
        String current = service;
        while (!parent.get(current).equals(current)) {
            current = parent.get(current);
        }
        return current;
    }
}
