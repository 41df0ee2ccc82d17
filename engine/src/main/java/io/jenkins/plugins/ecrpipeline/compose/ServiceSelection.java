package io.jenkins.plugins.ecrpipeline.compose;

import io.jenkins.plugins.ecrpipeline.RequestField;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which services to build: explicit names, or those whose name matches a regular expression (the original
 * nightly build selected names containing {@code -(production|qa)}), or, by default, every service with a {@code build:} section.
 * Names and a pattern together cannot be expressed: the build request refuses them, naming its field.
 */
public final class ServiceSelection {
    private final List<String> names;
    private final String pattern;

    private ServiceSelection(List<String> names, String pattern) {
        this.names = List.copyOf(names);
        this.pattern = pattern;
    }

    /** These services, in this order; no names selects every service with a build section. */
    public static ServiceSelection named(List<String> names) {
        return new ServiceSelection(names, null);
    }

    /** The services with a build section whose name contains a match of the regular expression {@code pattern}. */
    public static ServiceSelection matching(String pattern) {
        return new ServiceSelection(List.of(), java.util.Objects.requireNonNull(pattern, "pattern"));
    }

    /** The selected services in file order; an error names what exists when the selection finds nothing. */
    public List<ServiceDefinition> select(ComposeProject project) {
        List<String> buildable = project.buildableServiceNames();
        if (!names.isEmpty()) {
            List<ServiceDefinition> chosen = new ArrayList<>();
            for (String name : names) {
                ServiceDefinition service = project.services().get(name);
                if (service == null) {
                    throw new ComposeException("unknown service \"" + name + "\" in " + project.file()
                            + ". Services with a build section: " + String.join(", ", buildable)
                            + (project.services().size() > buildable.size() ? "; others: " + others(project, buildable) : "") + ".");
                }
                if (!service.isBuildable()) {
                    throw new ComposeException(service.location(), "service \"" + name + "\" has no build section, so there is "
                            + "nothing to build. Services with one: " + String.join(", ", buildable) + ".");
                }
                chosen.add(service);
            }
            return chosen;
        }
        if (buildable.isEmpty()) {
            throw new ComposeException("no service in " + project.file() + " has a build section; nothing to build.");
        }
        if (pattern == null) {
            return buildable.stream().map(project.services()::get).toList();
        }
        Pattern regex = compile(pattern);
        List<ServiceDefinition> matching = buildable.stream().filter(n -> regex.matcher(n).find()).map(project.services()::get).toList();
        if (matching.isEmpty()) {
            throw new ComposeException("no service with a build section matches the pattern '" + pattern + "'. Services with one: "
                    + String.join(", ", buildable) + ".");
        }
        return matching;
    }

    /** The service pattern as a regular expression; an error says where it is not one. */
    public static Pattern compile(String pattern) {
        try {
            return Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            throw ComposeException.forField(RequestField.PATTERN, "invalid service pattern '" + pattern + "': " + e.getDescription()
                    + " (at index " + e.getIndex() + "). Example: '-(production|qa)'.");
        }
    }

    private static String others(ComposeProject project, List<String> buildable) {
        return String.join(", ", project.services().keySet().stream().filter(n -> !buildable.contains(n)).toList());
    }
}
