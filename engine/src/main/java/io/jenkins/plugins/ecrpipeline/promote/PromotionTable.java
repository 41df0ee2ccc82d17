package io.jenkins.plugins.ecrpipeline.promote;

import io.jenkins.plugins.ecrpipeline.report.ByteSize;
import io.jenkins.plugins.ecrpipeline.report.TextTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A {@link PromotionReport} as a fixed-width table for logs: service, from, to, digest, bytes copied, result. */
public final class PromotionTable {
    private PromotionTable() {
    }

    public static List<String> render(PromotionReport report) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"SERVICE", "FROM", "TO", "DIGEST", "COPIED", "RESULT"});
        for (PromotionResult r : report.services()) {
            rows.add(new String[] {r.service(), r.from(), String.join(", ", r.to()), r.digest() == null ? "-" : r.digest().substring(0, 19),
                    r.route() == PromotionResult.Route.ECR_API ? "retag" : copied(r), result(r)});
        }
        List<String> lines = TextTable.render(rows);
        int failed = report.failures().size();
        lines.add(report.services().size() + " service(s): " + (report.services().size() - failed) + " promoted, " + failed + " failed");
        for (PromotionResult r : report.failures()) {
            if (!r.placed().isEmpty()) {
                lines.add(r.service() + " failed midway: placed " + String.join(", ", r.placed()) + "; not placed "
                        + String.join(", ", r.notPlaced()));
            }
        }
        return lines;
    }

    /** The outcome, with how many targets a failed promotion placed when it placed some: {@code failed (1 of 2 placed)}. */
    public static String result(PromotionResult r) {
        String outcome = r.outcome().name().toLowerCase(Locale.ROOT).replace('_', ' ');
        return r.outcome().failed() && !r.placed().isEmpty() ? outcome + " (" + r.placed().size() + " of " + r.to().size() + " placed)" : outcome;
    }

    /** Bytes copied and what happened to the blobs, e.g. {@code 2.1 MB (2 copied, 1 mounted, 3 present)}. */
    static String copied(PromotionResult r) {
        return ByteSize.format(r.bytesCopied()) + " (" + r.blobsCopied() + " copied, " + r.blobsMounted() + " mounted, "
                + r.blobsSkipped() + " present)";
    }
}
