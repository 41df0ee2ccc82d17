package io.jenkins.plugins.ecrpipeline.intermediatebuild;

import io.jenkins.plugins.ecrpipeline.report.ByteSize;
import io.jenkins.plugins.ecrpipeline.report.TextTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Renders a {@link BuildReport} as a fixed-width table for logs: service, image, digest, size, duration, result. */
final class SummaryTable {
    private SummaryTable() {
    }

    public static List<String> render(BuildReport report) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"SERVICE", "IMAGE", "DIGEST", "SIZE", "DURATION", "RESULT"});
        for (ServiceResult r : report.services()) {
            rows.add(new String[] {r.service(), r.image(), shortDigest(r.digest()), ByteSize.format(r.sizeBytes()),
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
}
