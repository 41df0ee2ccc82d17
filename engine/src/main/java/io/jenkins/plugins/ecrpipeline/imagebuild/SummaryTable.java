package io.jenkins.plugins.ecrpipeline.imagebuild;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Renders a {@link BuildReport} as a fixed-width table for logs: service, image, digest, size, duration, result. */
public final class SummaryTable {
    private SummaryTable() {
    }

    public static List<String> render(BuildReport report) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"SERVICE", "IMAGE", "DIGEST", "SIZE", "DURATION", "RESULT"});
        for (ServiceResult r : report.services()) {
            rows.add(new String[] {r.service(), r.image(), shortDigest(r.digest()), size(r.sizeBytes()),
                    Durations.format(r.duration()), r.outcome().name().toLowerCase(Locale.ROOT).replace('_', ' ')});
        }
        List<String> lines = TextTable.render(rows);
        long failed = report.failures().size();
        lines.add(report.services().size() + " service(s): " + (report.services().size() - failed) + " succeeded, " + failed + " failed");
        return lines;
    }

    private static String shortDigest(String digest) {
        return digest == null ? "-" : digest.substring(0, Math.min(digest.length(), 19));
    }

    public static String size(long bytes) {
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
