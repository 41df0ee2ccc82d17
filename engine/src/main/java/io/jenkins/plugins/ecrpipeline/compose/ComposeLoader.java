package io.jenkins.plugins.ecrpipeline.compose;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Loads a docker-compose file the way {@code docker-compose config} resolves it: interpolation from the
 * environment over the project's {@code .env}, then {@code extends} (same file or another file, string or mapping
 * form), with build paths made absolute relative to the file that wrote them.
 */
public final class ComposeLoader {
    private final Map<String, String> environment;

    /** @param environment the process environment; it wins over values in the project's {@code .env} */
    public ComposeLoader(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    public ComposeProject load(Path composeFile) {
        Path file = composeFile.toAbsolutePath().normalize();
        Map<String, String> variables = new HashMap<>(EnvironmentFile.read(file.resolveSibling(".env")));
        variables.putAll(environment);
        Resolution resolution = new Resolution(new Interpolator(variables));
        Map<String, ServiceDefinition> services = new LinkedHashMap<>();
        for (String name : resolution.servicesOf(file).keySet()) {
            services.put(name, resolution.resolve(file, name, new ArrayList<>()).toDefinition(name));
        }
        return new ComposeProject(file, services);
    }

    /** The state of one load: files read so far, and services already resolved. */
    private static final class Resolution {
        private final Interpolator interpolator;
        private final Map<Path, Map<String, YamlValue.Mapping>> files = new HashMap<>();
        private final Map<String, PartialService> resolved = new HashMap<>();

        Resolution(Interpolator interpolator) {
            this.interpolator = interpolator;
        }

        Map<String, YamlValue.Mapping> servicesOf(Path file) {
            return files.computeIfAbsent(file, this::readServices);
        }

        private Map<String, YamlValue.Mapping> readServices(Path file) {
            YamlValue root = YamlReader.read(file);
            if (!(root instanceof YamlValue.Mapping top)) {
                throw new ComposeException(root.location(), "a compose file must be a mapping with a 'services:' section, not " + root.describe());
            }
            YamlValue services = top.entries().get("services");
            if (services == null) {
                throw new ComposeException(root.location(), "no 'services:' section. Compose files without one "
                        + "(the old version 1 format) are not supported; put the services under 'services:'.");
            }
            if (!(services instanceof YamlValue.Mapping mapping)) {
                throw new ComposeException(services.location(), "'services' must be a mapping of service names to definitions, not " + services.describe());
            }
            Map<String, YamlValue.Mapping> result = new LinkedHashMap<>();
            mapping.entries().forEach((name, definition) -> {
                if (!(definition instanceof YamlValue.Mapping serviceMapping)) {
                    throw new ComposeException(definition.location(), "service \"" + name + "\" must be a mapping, not " + definition.describe());
                }
                validateInterpolation(name, "", serviceMapping);
                result.put(name, serviceMapping);
            });
            return result;
        }

        /** docker-compose interpolates every value of every service, so an unset ${VAR?} anywhere is an error. */
        private void validateInterpolation(String service, String path, YamlValue value) {
            if (value instanceof YamlValue.Scalar s && s.type() == YamlValue.ScalarType.STRING) {
                interpolator.interpolate(s.text(), s.location(), "service \"" + service + "\" " + path);
            } else if (value instanceof YamlValue.Mapping m) {
                m.entries().forEach((k, v) -> validateInterpolation(service, path.isEmpty() ? k : path + "." + k, v));
            } else if (value instanceof YamlValue.Sequence q) {
                q.items().forEach(item -> validateInterpolation(service, path, item));
            }
        }

        PartialService resolve(Path file, String name, List<String> chain) {
            String key = file + "#" + name;
            PartialService done = resolved.get(key);
            if (done != null) {
                return done;
            }
            YamlValue.Mapping definition = servicesOf(file).get(name);
            String link = "\"" + name + "\" (" + file.getFileName() + ")";
            if (chain.contains(key)) {
                List<String> names = new ArrayList<>();
                for (String k : chain.subList(chain.indexOf(key), chain.size())) {
                    names.add("\"" + k.substring(k.indexOf('#') + 1) + "\" (" + Path.of(k.substring(0, k.indexOf('#'))).getFileName() + ")");
                }
                names.add(link);
                throw new ComposeException(definition.location(), "extends cycle: " + String.join(" extends ", names)
                        + ". A service cannot extend itself, directly or through others; remove one of these extends.");
            }
            chain.add(key);
            ServiceReader reader = new ServiceReader(interpolator, file, name);
            PartialService own = reader.read(definition);
            PartialService result = own;
            YamlValue extendsValue = definition.entries().get("extends");
            if (extendsValue != null) {
                ExtendsTarget target = reader.readExtends(extendsValue);
                Map<String, YamlValue.Mapping> baseServices = servicesOf(target.file());
                if (!baseServices.containsKey(target.service())) {
                    throw new ComposeException(extendsValue.location(), "service \"" + name + "\" extends \"" + target.service()
                            + "\", which is not defined in " + target.file() + ". Services there: "
                            + String.join(", ", baseServices.keySet()) + ".");
                }
                result = resolve(target.file(), target.service(), chain).overriddenBy(own);
            }
            chain.remove(chain.size() - 1);
            resolved.put(key, result);
            return result;
        }
    }

    record ExtendsTarget(Path file, String service) {
    }

    /** A service's own fields, or those merged along its extends chain. */
    record PartialService(PartialBuild build, String image, SourceLocation location) {
        PartialService overriddenBy(PartialService override) {
            PartialBuild mergedBuild = build == null ? override.build
                    : override.build == null ? build : build.overriddenBy(override.build);
            return new PartialService(mergedBuild, override.image != null ? override.image : image, override.location);
        }

        ServiceDefinition toDefinition(String name) {
            return new ServiceDefinition(name, Optional.ofNullable(build).map(b -> b.toSpec(name)), image, location);
        }
    }

    record PartialBuild(Path context, String dockerfile, Map<String, String> args, String target,
            List<String> cacheFrom, Map<String, String> labels, SourceLocation location, SourceLocation dockerfileLocation) {
        PartialBuild overriddenBy(PartialBuild o) {
            Map<String, String> mergedArgs = new LinkedHashMap<>(args);
            mergedArgs.putAll(o.args);
            Map<String, String> mergedLabels = new LinkedHashMap<>(labels);
            mergedLabels.putAll(o.labels);
            LinkedHashSet<String> mergedCache = new LinkedHashSet<>(cacheFrom);
            mergedCache.addAll(o.cacheFrom);
            return new PartialBuild(o.context != null ? o.context : context, o.dockerfile != null ? o.dockerfile : dockerfile,
                    mergedArgs, o.target != null ? o.target : target, List.copyOf(mergedCache), mergedLabels, o.location,
                    o.dockerfile != null ? o.dockerfileLocation : dockerfileLocation);
        }

        BuildSpec toSpec(String service) {
            if (context == null) {
                throw new ComposeException(location, "service \"" + service + "\" has a build section without a context. "
                        + "Add 'context: <directory>' (or write 'build: <directory>').");
            }
            return new BuildSpec(context.toString(), dockerfile, args, target, cacheFrom, labels, location,
                    dockerfile != null ? dockerfileLocation : location);
        }
    }
}
