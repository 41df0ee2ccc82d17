package io.jenkins.plugins.ecrpipeline.cleanup;

import io.jenkins.plugins.ecrpipeline.PipelineException;
import io.jenkins.plugins.ecrpipeline.process.Host;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;

/** A dry run, or planning and deleting: {@link CleanupRequest.Mode#DRY_RUN} and {@link CleanupRequest.Mode#PLAN_AND_DELETE}. */
final class PlanAndClean {
    /** The table shows every entry up to this many rows; beyond, the deletions only (the plan file has them all). */
    private static final int FULL_TABLE = 500;

    private PlanAndClean() {
    }

    /**
     * Lists, plans, prints and (unless a dry run) deletes repository by repository, several at once: a repository's
     * listing and plan are dropped once its table rows and plan-file block are written and its deletes are done, so
     * memory follows the largest repository (times the concurrency), not the registry.
     */
    static CleanupReport run(CleanupRequest request, Host host, CleanupBackend backend, ExecutorService pool,
            List<InUse> inUse, CleanupTally tally, Instant started) throws InterruptedException {
        CleanupPolicy policy = request.policy();
        boolean deletes = request.mode().deletes();
        List<String> repositories = ImageCleanup.repositories(policy, backend);
        Instant snapshotAt = host.clock().instant();
        host.console().line("Listing " + repositories.size() + " repository(ies) of " + backend.registry() + " (" + request.concurrency()
                + " at once)" + (deletes ? "; each is cleaned as soon as it is planned" : ""));
        CleanupTable table = new CleanupTable(host.console(), FULL_TABLE);
        String file = !deletes && request.planFile() != null ? host.resolve(request.planFile()).toString() : null;
        CleanupPlanFile.Writer writer = file == null ? null : new CleanupPlanFile.Writer(host.files().create(file), backend.registry(), snapshotAt);
        boolean complete = false;
        try {
            FirstFailure first = new FirstFailure();
            List<Callable<Void>> tasks = new ArrayList<>();
            for (String repository : repositories) {
                tasks.add(first.unlessFailed(() -> {
                    Instant listing = host.clock().instant();
                    RepositoryPlan plan = CleanupPlanner.planRepository(policy, inUse, snapshotAt, backend.list(repository),
                            backend.deletesChildrenWithIndex());
                    tally.planned(Duration.between(listing, host.clock().instant()));
                    table.print(plan);
                    plan.warnings().forEach(tally::warn);
                    if (writer != null) {
                        writer.add(plan);
                    }
                    tally.add(repository, new CleanupTotals(plan.entries().size(), plan.deletions().size(), plan.bytesToFree(), 0, 0, 0, 0));
                    if (deletes) {
                        RepositoryDeletes.delete(repository, plan.deletions(), backend, tally, host);
                    } else {
                        tally.deletions(repository, plan.deletions());
                    }
                }));
            }
            first.rethrow(pool.invokeAll(tasks));
            if (writer != null) {
                writer.finish(tally.totals());
            }
            complete = true;
        } finally {
            if (writer != null) {
                close(writer, file);
                if (!complete) {
                    // Half a plan must not be applied; the file would be refused, but better gone than misleading.
                    host.files().deleteRecursively(file);
                }
            }
        }
        if (table.keptNotShown() > 0) {
            host.console().line("(" + table.keptNotShown() + " kept images are not shown; " + (file != null ? "the plan file lists them)"
                    : "a dry run with a plan file lists them)"));
        }
        host.console().line(CleanupTable.totals(tally.totals(), repositories.size()));
        if (file != null) {
            host.console().line("Plan: " + file);
        }
        return tally.report(backend.registry(), snapshotAt, deletes, policy, backend, host, started);
    }

    private static void close(CleanupPlanFile.Writer writer, String file) {
        try {
            writer.close();
        } catch (IOException e) {
            throw new PipelineException("cannot write the plan " + file + ": " + e.getMessage(), e);
        }
    }
}
