package io.jenkins.plugins.ecrpipeline.intermediatebuild;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The cache-busting build date, {@code yyyyMMddHHmmss} in UTC, as the original nightly script passed it. */
final class BuildDate {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

    private BuildDate() {
    }

    static String of(Instant instant) {
        return FORMAT.format(instant);
    }

    /** The instant a build date stands for, when it is one (a user may pass any value as the build date). */
    static java.util.Optional<Instant> parse(String value) {
        try {
            return java.util.Optional.of(java.time.LocalDateTime.parse(value, FORMAT).toInstant(ZoneOffset.UTC));
        } catch (RuntimeException e) {
            return java.util.Optional.empty();
        }
    }
}
