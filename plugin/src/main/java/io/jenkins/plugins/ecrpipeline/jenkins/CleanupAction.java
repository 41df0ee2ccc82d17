package io.jenkins.plugins.ecrpipeline.jenkins;

import io.jenkins.plugins.ecrpipeline.cleanup.CleanupReport;
import io.jenkins.plugins.ecrpipeline.cleanup.CleanupTotals;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The build page's totals of one {@code ecrCleanup}: what was planned, deleted and freed, and the failed deletes
 * (the first {@value #SHOWN}; the log names every one). Holds counts only, so a large cleanup costs the build record
 * nothing.
 */
public final class CleanupAction extends BuildPageSummary {
    static final int SHOWN = 20;

    private final boolean executed;
    private final int repositories;
    private final long images;
    private final long planned;
    private final long bytesPlanned;
    private final long deleted;
    private final long bytesFreed;
    private final long failed;
    private final long skipped;
    private final String registry;
    private final List<String> failures;

    CleanupAction(CleanupReport report) {
        CleanupTotals t = report.totals();
        this.executed = report.executed();
        this.repositories = report.repositories().size();
        this.images = t.images();
        this.planned = t.planned();
        this.bytesPlanned = t.bytesPlanned();
        this.deleted = t.deleted();
        this.bytesFreed = t.bytesFreed();
        this.failed = t.failed();
        this.skipped = t.skipped();
        this.registry = report.registry();
        // An ArrayList, as the other actions keep: the build record's XStream reads and writes it on every JDK.
        this.failures = new ArrayList<>(report.failures().stream().limit(SHOWN)
                .map(f -> f.repository() + "@" + f.digest() + ": " + f.code() + " (" + f.reason() + ")").toList());
    }

    public boolean isExecuted() {
        return executed;
    }

    public int getRepositories() {
        return repositories;
    }

    public long getImages() {
        return images;
    }

    public long getPlanned() {
        return planned;
    }

    public String getPlannedSize() {
        return megabytes(bytesPlanned);
    }

    public long getDeleted() {
        return deleted;
    }

    public String getFreed() {
        return megabytes(bytesFreed);
    }

    public long getFailed() {
        return failed;
    }

    public long getSkipped() {
        return skipped;
    }

    /** The failed deletes shown on the page, as {@code repository@digest: code (reason)}. */
    public List<String> getFailures() {
        return failures == null ? List.of() : failures;
    }

    /** How many failed deletes the page leaves to the log. */
    public long getFailuresNotShown() {
        return failed - getFailures().size();
    }

    public String getRegistry() {
        return registry;
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
    }

    @Override
    public String getDisplayName() {
        return Messages.CleanupAction_DisplayName();
    }
}
