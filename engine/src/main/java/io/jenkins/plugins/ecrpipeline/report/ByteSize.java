package io.jenkins.plugins.ecrpipeline.report;

import java.util.Locale;

/** A size as the summary tables of every operation print it: KB, MB or GB with one or two decimals; {@code -} when unknown. */
public final class ByteSize {
    private ByteSize() {
    }

    /** @param bytes the size, or a negative number when it is not known */
    public static String format(long bytes) {
        if (bytes < 0) {
            return "-";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
        }
        if (bytes < 1024L * 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
        }
        return String.format(Locale.ROOT, "%.2f GB", bytes / (1024.0 * 1024 * 1024));
    }
}
