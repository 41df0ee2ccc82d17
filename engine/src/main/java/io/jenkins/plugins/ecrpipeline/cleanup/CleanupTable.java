package io.jenkins.plugins.ecrpipeline.cleanup;

import io.jenkins.plugins.ecrpipeline.imagebuild.SummaryTable;
import io.jenkins.plugins.ecrpipeline.imagebuild.TextTable;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** A {@link CleanupPlan} as a fixed-width table for logs: repository, digest, tags, pushed, size, action and why; then the totals. */
public final class CleanupTable {
    private static final DateTimeFormatter PUSHED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    private CleanupTable() {
    }

    /** @param keptToo whether kept images get rows as well (they carry the reason they are kept) */
    public static List<String> render(CleanupPlan plan, boolean keptToo) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"REPOSITORY", "DIGEST", "TAGS", "PUSHED (UTC)", "SIZE", "ACTION", "RULE OR REASON KEPT"});
        for (PlanEntry e : plan.entries()) {
            if (e.delete() || keptToo) {
                rows.add(new String[] {e.repository(), CleanupPlanner.shortDigest(e.digest()), e.tags().isEmpty() ? "<untagged>" : String.join(",", e.tags()),
                        PUSHED.format(e.pushedAt()), SummaryTable.size(e.size()), e.delete() ? "delete" : "keep", e.reason()});
            }
        }
        List<String> lines = TextTable.render(rows);
        lines.add(totals(plan));
        plan.warnings().forEach(w -> lines.add("warning: " + w));
        return lines;
    }

    public static String totals(CleanupPlan plan) {
        long repositories = plan.entries().stream().map(PlanEntry::repository).distinct().count();
        return plan.imagesToDelete() + " of " + plan.entries().size() + " image(s) in " + repositories + " repository(ies) to delete, "
                + SummaryTable.size(plan.bytesToFree()) + " to free (sizes as the registry reports them; shared layers count in each image)";
    }
}
