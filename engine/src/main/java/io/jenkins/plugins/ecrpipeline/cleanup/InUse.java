package io.jenkins.plugins.ecrpipeline.cleanup;

import io.jenkins.plugins.ecrpipeline.PipelineException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An image in use, as a pipeline names it: a bare digest (in any repository), or a repository (an optional registry
 * host in front is ignored: one cleanup runs on one registry) with a digest or a tag.
 *
 * @param repository the repository, or null for a bare digest
 * @param digest the digest, or null when a tag names the image
 * @param tag the tag, or null
 */
record InUse(String repository, String digest, String tag) implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

    /** @param field the policy field, for the error message */
    public static InUse parse(String text, String field) {
        String value = text == null ? "" : text.strip();
        if (DIGEST.matcher(value).matches()) {
            return new InUse(null, value, null);
        }
        String path = value;
        String digest = null;
        String tag = null;
        int at = value.indexOf('@');
        if (at >= 0) {
            digest = value.substring(at + 1);
            path = value.substring(0, at);
            if (!DIGEST.matcher(digest).matches()) {
                throw PipelineException.forFieldNamed(field, "invalid digest in " + field + " '" + text + "': write sha256: and 64 hex digits");
            }
        } else {
            int slash = value.lastIndexOf('/');
            int colon = value.lastIndexOf(':');
            if (colon > slash) {
                tag = value.substring(colon + 1);
                path = value.substring(0, colon);
            }
        }
        int first = path.indexOf('/');
        if (first > 0) {
            String head = path.substring(0, first);
            if (head.contains(".") || head.contains(":") || head.equals("localhost")) {
                path = path.substring(first + 1);
            }
        }
        if (path.isEmpty() || (digest == null && tag == null)) {
            throw PipelineException.forFieldNamed(field, "invalid image in use in " + field + " '" + text
                    + "': write sha256:..., repository@sha256:... or repository:tag (a registry host in front is allowed)");
        }
        return new InUse(path, digest, tag);
    }

    /** The lines of an in-use file: blank lines and {@code #} comments are skipped. */
    public static List<InUse> parseLines(String content, String source) {
        List<InUse> all = new ArrayList<>();
        String[] lines = content.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].replaceFirst("#.*", "").strip();
            if (!line.isEmpty()) {
                all.add(parse(line, "inUseFile " + source + " line " + (i + 1)));
            }
        }
        return all;
    }

    boolean matches(String repositoryName, ImageRecord image) {
        if (repository != null && !repository.equals(repositoryName)) {
            return false;
        }
        return digest != null ? digest.equals(image.digest()) : image.tags().contains(tag);
    }
}
