package io.jenkins.plugins.ecrpipeline.jenkins;

import io.jenkins.plugins.ecrpipeline.cleanup.CleanupReport;
import java.util.Locale;

/** The build page's totals of one {@code ecrCleanup}: what was planned, deleted and freed, and what failed. */
public final class CleanupAction extends BuildPageSummary {
    private final boolean executed;
    private final int planned;
    private final long bytesPlanned;
    private final int deleted;
    private final long bytesFreed;
    private final int failed;
    private final String registry;

    CleanupAction(CleanupReport report) {
        this.executed = report.executed();
        this.planned = report.plan().imagesToDelete();
        this.bytesPlanned = report.plan().bytesToFree();
        this.deleted = report.deleted();
        this.bytesFreed = report.bytesFreed();
        this.failed = report.failures().size();
        this.registry = report.plan().registry();
    }

    public boolean isExecuted() {
        return executed;
    }

    public int getPlanned() {
        return planned;
    }

    public String getPlannedSize() {
        return megabytes(bytesPlanned);
    }

    public int getDeleted() {
        return deleted;
    }

    public String getFreed() {
        return megabytes(bytesFreed);
    }

    public int getFailed() {
        return failed;
    }

    public String getRegistry() {
        return registry;
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
    }

    @Override
    public String getDisplayName() {
        return "Registry cleanup";
    }
}
