package io.jenkins.plugins.ecrpipeline.jenkins;

import java.util.Collection;
import java.util.Locale;
import java.util.Objects;

/**
 * How the build-page summaries write counts, sizes, durations, digests and image names: every size with its unit,
 * singular and plural right, a digest short enough to read, an image relative to the registry named once above it.
 * Plain text only: Jelly escapes it where it lands.
 */
final class SummaryText {
    /** Hex digits of a short digest, as {@code docker images} shows ids. */
    static final int SHORT_DIGEST = 12;

    private SummaryText() {
    }

    /** {@code 1 image}, {@code 2 images}, {@code 0 images}. */
    static String count(long n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    /** Bytes with a unit: {@code 0 B}, {@code 812 B}, {@code 4.2 KB}, {@code 17.3 MB}, {@code 1.25 GB}; {@code -} when unknown. */
    static String size(long bytes) {
        if (bytes < 0) {
            return "-";
        }
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
        }
        if (bytes < 1024L * 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
        }
        return String.format(Locale.ROOT, "%.2f GB", bytes / (1024.0 * 1024 * 1024));
    }

    /** {@code 0.4 s}, {@code 12.3 s}, {@code 2 min 05 s}, {@code 1 h 02 min}. */
    static String duration(long millis) {
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        long seconds = millis / 1000;
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", seconds / 3600, seconds % 3600 / 60);
    }

    /** {@code sha256:3f2a9c1b7e4d…}: the algorithm and the first {@value #SHORT_DIGEST} hex digits; other text as it is. */
    static String shortDigest(String digest) {
        if (digest == null) {
            return "-";
        }
        int colon = digest.indexOf(':');
        return colon > 0 && digest.length() > colon + 1 + SHORT_DIGEST ? digest.substring(0, colon + 1 + SHORT_DIGEST) + "\u2026" : digest;
    }

    /**
     * The registry of an image name as docker reads it: the first path segment when it has a dot or a colon or is
     * {@code localhost}; null for a Docker Hub name.
     */
    static String registryOf(String image) {
        if (image == null) {
            return null;
        }
        int slash = image.indexOf('/');
        if (slash < 0) {
            return null;
        }
        String first = image.substring(0, slash);
        return first.contains(".") || first.contains(":") || first.equals("localhost") ? first : null;
    }

    /** The one registry all these images are in, or null when they are in several (or none). */
    static String commonRegistry(Collection<String> images) {
        String registry = null;
        for (String image : images) {
            if (image == null || image.isEmpty()) {
                continue;
            }
            String r = registryOf(image);
            if (r == null || registry != null && !registry.equals(r)) {
                return null;
            }
            registry = r;
        }
        return registry;
    }

    /** The image without {@code registry/} in front (as it is when it is in another registry). */
    static String relative(String image, String registry) {
        if (image == null) {
            return "";
        }
        return registry != null && image.startsWith(registry + "/") ? image.substring(registry.length() + 1) : image;
    }

    /**
     * What a column of images pushed for services shows: the tag alone when the repository is named after the
     * service (the common case), else the repository and tag; relative to the registry.
     */
    static String tagOrImage(String image, String registry, String service) {
        String shown = relative(image, registry);
        int at = shown.indexOf('@');
        String name = at < 0 ? shown : shown.substring(0, at);
        int colon = name.lastIndexOf(':');
        if (colon > name.lastIndexOf('/') && colon > 0) {
            String repository = name.substring(0, colon);
            if (Objects.equals(repository, service)) {
                return name.substring(colon + 1) + (at < 0 ? "" : shown.substring(at));
            }
        }
        return shown;
    }

    /** The first line of a text, for a one-line view of it; the text itself when it has one line. */
    static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        String stripped = text.strip();
        int newline = stripped.indexOf('\n');
        return newline < 0 ? stripped : stripped.substring(0, newline).stripTrailing() + " \u2026";
    }
}
