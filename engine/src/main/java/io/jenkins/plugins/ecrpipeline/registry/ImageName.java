package io.jenkins.plugins.ecrpipeline.registry;

import io.jenkins.plugins.ecrpipeline.PipelineException;
import io.jenkins.plugins.ecrpipeline.RequestField;

/**
 * An image reference {@code [registry/]repository[:tag]}, e.g. {@code 123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:intermediate}.
 *
 * @param registry the registry host (with port), or null for Docker's default
 * @param repository the repository path within the registry
 * @param tag the tag, or null
 */
public record ImageName(String registry, String repository, String tag) implements java.io.Serializable {
    private static final java.util.regex.Pattern REPOSITORY = java.util.regex.Pattern.compile(
            "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*");
    private static final java.util.regex.Pattern TAG = java.util.regex.Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

    public ImageName {
        if (!REPOSITORY.matcher(repository).matches()) {
            throw new PipelineException("invalid repository name '" + repository
                    + "': use lower-case letters, digits and separators (. _ - /), e.g. 'team/web-production'.");
        }
        if (tag != null && !TAG.matcher(tag).matches()) {
            throw PipelineException.forField(RequestField.TAG, "invalid tag '" + tag + "': use up to 128 letters, digits, '_', '.' or '-', not starting with '.' or '-'.");
        }
    }

    /** Parses a reference as written in a compose file's {@code image:}; a digest suffix is dropped. */
    public static ImageName parse(String reference) {
        String rest = reference.contains("@") ? reference.substring(0, reference.indexOf('@')) : reference;
        String registry = null;
        int slash = rest.indexOf('/');
        if (slash > 0) {
            String first = rest.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                registry = first;
                rest = rest.substring(slash + 1);
            }
        }
        String tag = null;
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
        }
        return new ImageName(registry, rest, tag);
    }

    public ImageName withRegistry(String newRegistry) {
        return new ImageName(newRegistry, repository, tag);
    }

    public ImageName withTag(String newTag) {
        return new ImageName(registry, repository, newTag);
    }

    @Override
    public String toString() {
        return (registry == null ? "" : registry + "/") + repository + (tag == null ? "" : ":" + tag);
    }
}
