package io.jenkins.plugins.ecrpipeline.jenkins;

import hudson.model.Run;
import io.jenkins.plugins.ecrpipeline.cleanup.CleanupReport;
import java.util.Locale;
import jenkins.model.RunAction2;

/** The build page's totals of one {@code ecrCleanup}: what was planned, deleted and freed, and what failed. */
public final class CleanupAction implements RunAction2 {
    private final boolean executed;
    private final int planned;
    private final long bytesPlanned;
    private final int deleted;
    private final long bytesFreed;
    private final int failed;
    private final String registry;
    private transient Run<?, ?> run;

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

    public Run<?, ?> getRun() {
        return run;
    }

    @Override
    public void onAttached(Run<?, ?> r) {
        this.run = r;
    }

    @Override
    public void onLoad(Run<?, ?> r) {
        this.run = r;
    }

    @Override
    public String getIconFileName() {
        return null;
    }

    @Override
    public String getDisplayName() {
        return "Registry cleanup";
    }

    @Override
    public String getUrlName() {
        return null;
    }
}
