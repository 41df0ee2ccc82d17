package io.jenkins.plugins.ecrpipeline.imagebuild;

import java.time.Duration;

/** Short human durations for progress lines and tables: {@code 840ms}, {@code 12.3s}, {@code 4m05s}. */
final class Durations {
    private Durations() {
    }

    static String format(Duration d) {
        long millis = d.toMillis();
        if (millis < 1000) {
            return millis + "ms";
        }
        if (millis < 60_000) {
            return String.format(java.util.Locale.ROOT, "%.1fs", millis / 1000.0);
        }
        return String.format(java.util.Locale.ROOT, "%dm%02ds", millis / 60_000, (millis / 1000) % 60);
    }
}
