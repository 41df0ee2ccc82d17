package io.jenkins.plugins.ecrpipeline.compose;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A loaded compose file: its services in file order, fully resolved. */
public record ComposeProject(Path file, Map<String, ServiceDefinition> services) {
    public ComposeProject {
        services = Collections.unmodifiableMap(new LinkedHashMap<>(services));
    }

    /** Names of the services that have a {@code build:} section, in file order. */
    public List<String> buildableServiceNames() {
        return services.values().stream().filter(ServiceDefinition::isBuildable).map(ServiceDefinition::name).toList();
    }
}
