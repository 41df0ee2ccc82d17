package io.jenkins.plugins.ecrpipeline.cleanup;

import io.jenkins.plugins.ecrpipeline.process.Console;
import io.jenkins.plugins.ecrpipeline.report.ByteSize;
import io.jenkins.plugins.ecrpipeline.report.TextTable;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Plans as fixed-width tables for logs, one repository at a time as each is planned: repository, digest, tags,
 * pushed, size, action and why. Every row is printed while the run has printed fewer than a limit; beyond, the
 * deletions only (the plan file has every row). Safe from several threads: a repository's table is never split.
 */
final class CleanupTable {
    private static final DateTimeFormatter PUSHED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    private final Console console;
    private final long limit;
    private long rowsShown;
    private long keptNotShown;

    /** @param limit how many rows the run prints with the kept images too */
    CleanupTable(Console console, long limit) {
        this.console = console;
        this.limit = limit;
    }

    synchronized void print(RepositoryPlan plan) {
        boolean keptToo = rowsShown + plan.entries().size() <= limit;
        List<String> lines = render(plan, keptToo);
        long deletions = plan.entries().stream().filter(PlanEntry::delete).count();
        rowsShown += keptToo ? plan.entries().size() : deletions;
        if (!keptToo) {
            keptNotShown += plan.entries().size() - deletions;
        }
        console.line(plan.repository() + ": " + deletions + " of " + plan.entries().size() + " image(s) to delete, "
                + ByteSize.format(plan.bytesToFree()) + " to free" + (keptToo || deletions == plan.entries().size() ? "" : " (kept images not shown)"));
        if (keptToo ? !plan.entries().isEmpty() : deletions > 0) {
            lines.forEach(console::line);
        }
        plan.warnings().forEach(w -> console.line("warning: " + w));
    }

    /** How many kept images were left out of the tables. */
    synchronized long keptNotShown() {
        return keptNotShown;
    }

    /** @param keptToo whether kept images get rows as well (they carry the reason they are kept) */
    static List<String> render(RepositoryPlan plan, boolean keptToo) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"REPOSITORY", "DIGEST", "TAGS", "PUSHED (UTC)", "SIZE", "ACTION", "RULE OR REASON KEPT"});
        for (PlanEntry e : plan.entries()) {
            if (e.delete() || keptToo) {
                rows.add(new String[] {e.repository(), CleanupPlanner.shortDigest(e.digest()), e.tags().isEmpty() ? "<untagged>" : String.join(",", e.tags()),
                        PUSHED.format(e.pushedAt()), ByteSize.format(e.size()), e.delete() ? "delete" : "keep", e.reason()});
            }
        }
        return TextTable.render(rows);
    }

    static String totals(CleanupTotals totals, int repositories) {
        return totals.planned() + " of " + totals.images() + " image(s) in " + repositories + " repository(ies) to delete, "
                + ByteSize.format(totals.bytesPlanned()) + " to free (sizes as the registry reports them; shared layers count in each image)";
    }
}
