package io.jenkins.plugins.ecrpipeline.compose;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the fields this tool uses from one service's YAML, interpolated and type-checked. */
final class ServiceReader {
    private final Interpolator interpolator;
    private final Path file;
    private final String service;

    ServiceReader(Interpolator interpolator, Path file, String service) {
        this.interpolator = interpolator;
        this.file = file;
        this.service = service;
    }

    ComposeLoader.PartialService read(YamlValue.Mapping definition) {
        YamlValue build = definition.entries().get("build");
        YamlValue image = definition.entries().get("image");
        return new ComposeLoader.PartialService(
                build == null ? null : readBuild(build),
                image == null ? null : string(image, "image"),
                definition.location());
    }

    ComposeLoader.ExtendsTarget readExtends(YamlValue value) {
        if (value instanceof YamlValue.Scalar) {
            return new ComposeLoader.ExtendsTarget(file, string(value, "extends"));
        }
        YamlValue.Mapping mapping = mapping(value, "extends", "a service name or a mapping with 'service' (and optionally 'file')");
        YamlValue target = mapping.entries().get("service");
        if (target == null) {
            throw error(value, "extends needs 'service: <name>' naming the service to extend");
        }
        YamlValue otherFile = mapping.entries().get("file");
        Path base = otherFile == null ? file : file.resolveSibling(string(otherFile, "extends.file")).normalize();
        if (otherFile != null && !base.toFile().isFile()) {
            throw error(otherFile, "extends.file " + base + " does not exist. Paths are relative to " + file.getParent() + ".");
        }
        return new ComposeLoader.ExtendsTarget(base, string(target, "extends.service"));
    }

    private ComposeLoader.PartialBuild readBuild(YamlValue value) {
        if (value instanceof YamlValue.Scalar) {
            return new ComposeLoader.PartialBuild(context(value), null, Map.of(), null, List.of(), Map.of(), value.location(), null);
        }
        YamlValue.Mapping build = mapping(value, "build", "a context directory or a mapping with 'context', 'dockerfile', 'args'...");
        Map<String, YamlValue> e = build.entries();
        return new ComposeLoader.PartialBuild(
                e.containsKey("context") ? context(e.get("context")) : null,
                e.containsKey("dockerfile") ? string(e.get("dockerfile"), "build.dockerfile") : null,
                e.containsKey("args") ? keyValues(e.get("args"), "build.args", true) : Map.of(),
                e.containsKey("target") ? string(e.get("target"), "build.target") : null,
                e.containsKey("cache_from") ? strings(e.get("cache_from"), "build.cache_from") : List.of(),
                e.containsKey("labels") ? keyValues(e.get("labels"), "build.labels", false) : Map.of(),
                e.containsKey("context") ? e.get("context").location() : build.location(),
                e.containsKey("dockerfile") ? e.get("dockerfile").location() : null);
    }

    private Path context(YamlValue value) {
        String text = string(value, "build.context");
        if (text.contains("://") || text.startsWith("git@") || text.startsWith("github.com/")) {
            throw error(value, "remote build contexts ('" + text + "') are not supported. Check the repository out "
                    + "and point build.context at the directory.");
        }
        if (text.startsWith("~/")) {
            String home = interpolator.lookup("HOME");
            if (home == null) {
                throw error(value, "build.context '" + text + "' starts with ~/ but HOME is not set; write the path out.");
            }
            text = home + text.substring(1);
        }
        return file.resolveSibling(text).normalize();
    }

    /**
     * Args and labels, as a mapping or as a list of {@code KEY=VALUE}. A list entry without '=' takes its value
     * from the environment (null when unset, for args: then the Dockerfile's default applies).
     */
    private Map<String, String> keyValues(YamlValue value, String field, boolean fromEnvironment) {
        Map<String, String> result = new LinkedHashMap<>();
        if (value instanceof YamlValue.Sequence list) {
            for (YamlValue item : list.items()) {
                String entry = string(item, field);
                int eq = entry.indexOf('=');
                if (eq == 0) {
                    throw error(item, field + " entry '" + entry + "' has no name before '='");
                }
                if (eq > 0) {
                    result.put(entry.substring(0, eq), entry.substring(eq + 1));
                } else {
                    result.put(entry, fromEnvironment ? interpolator.lookup(entry) : "");
                }
            }
            return result;
        }
        YamlValue.Mapping mapping = mapping(value, field, "a mapping (NAME: value) or a list of NAME=value");
        mapping.entries().forEach((key, v) -> {
            if (v instanceof YamlValue.Scalar s && s.isNull()) {
                result.put(key, fromEnvironment ? interpolator.lookup(key) : "");
            } else {
                result.put(key, scalarText(v, field + "." + key));
            }
        });
        return result;
    }

    private List<String> strings(YamlValue value, String field) {
        if (!(value instanceof YamlValue.Sequence list)) {
            throw error(value, field + " must be a list of image names, not " + value.describe());
        }
        List<String> result = new ArrayList<>();
        for (YamlValue item : list.items()) {
            result.add(string(item, field));
        }
        return result;
    }

    /** A string or a number (compose accepts numbers where it wants text); never a boolean. */
    private String scalarText(YamlValue value, String field) {
        if (value instanceof YamlValue.Scalar s && s.type() == YamlValue.ScalarType.NUMBER) {
            return s.text();
        }
        return string(value, field);
    }

    private String string(YamlValue value, String field) {
        if (value instanceof YamlValue.Scalar s && s.type() == YamlValue.ScalarType.STRING) {
            return interpolator.interpolate(s.text(), s.location(), "service \"" + service + "\" " + field);
        }
        if (value instanceof YamlValue.Scalar s && s.type() == YamlValue.ScalarType.BOOLEAN) {
            throw error(value, field + " is the boolean " + s.text() + "; YAML reads yes/no/on/off/true/false as booleans. "
                    + "Quote it: \"" + s.text() + "\".");
        }
        throw error(value, field + " must be text, not " + value.describe());
    }

    private YamlValue.Mapping mapping(YamlValue value, String field, String expected) {
        if (value instanceof YamlValue.Mapping m) {
            return m;
        }
        throw error(value, field + " must be " + expected + ", not " + value.describe());
    }

    private ComposeException error(YamlValue at, String message) {
        return new ComposeException(at.location(), "service \"" + service + "\": " + message);
    }
}
