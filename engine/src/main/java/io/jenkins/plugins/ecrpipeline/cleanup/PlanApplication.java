package io.jenkins.plugins.ecrpipeline.cleanup;

import io.jenkins.plugins.ecrpipeline.PipelineException;
import io.jenkins.plugins.ecrpipeline.RequestField;
import io.jenkins.plugins.ecrpipeline.process.Host;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Applies an earlier dry run's plan file ({@link CleanupRequest.Mode#APPLY_PLAN}), deleting only the entries that a
 * fresh listing shows unchanged: the staleness check is {@link #unchanged}.
 */
final class PlanApplication {
    private PlanApplication() {
    }

    /**
     * Applies a plan file repository by repository, reading one block at a time (at most the concurrency's worth are
     * read ahead): each repository is listed again and only its unchanged entries are deleted.
     */
    static CleanupReport run(CleanupRequest request, Host host, CleanupBackend backend, ExecutorService pool,
            List<InUse> inUse, CleanupTally tally, Instant started) throws InterruptedException {
        String file = host.resolve(request.planFile()).toString();
        CleanupPlanFile.Summary summary = CleanupPlanFile.check(openPlan(host, file), file);
        if (!summary.registry().equals(backend.registry())) {
            throw PipelineException.forField(RequestField.PLAN_FILE, file + " is a plan for " + summary.registry() + ", not " + backend.registry());
        }
        host.console().line("Applying the plan " + file + " (made at " + summary.snapshotAt() + "): "
                + CleanupTable.totals(summary.totals(), summary.repositories()));
        List<InUse> nowInUse = new ArrayList<>(inUse);
        if (request.policy() != null) {
            nowInUse.addAll(request.policy().inUseImages());
        }
        FirstFailure first = new FirstFailure();
        Semaphore slots = new Semaphore(request.concurrency());
        List<Future<Void>> running = new ArrayList<>();
        try (CleanupPlanFile.Reader reader = new CleanupPlanFile.Reader(openPlan(host, file), file)) {
            while (true) {
                slots.acquire();
                RepositoryPlan plan = first.failed() ? null : reader.next();
                if (plan == null) {
                    slots.release();
                    break;
                }
                plan.warnings().forEach(tally::warn);
                List<PlanEntry> planned = plan.deletions();
                tally.add(plan.repository(), new CleanupTotals(plan.entries().size(), planned.size(), plan.bytesToFree(), 0, 0, 0, 0));
                if (planned.isEmpty()) {
                    slots.release();
                    continue;
                }
                Callable<Void> work = first.unlessFailed(() -> {
                    Instant listing = host.clock().instant();
                    List<PlanEntry> still = unchanged(planned, backend.list(plan.repository()), nowInUse, tally::note);
                    tally.planned(Duration.between(listing, host.clock().instant()));
                    tally.add(plan.repository(), new CleanupTotals(0, 0, 0, 0, 0, 0, planned.size() - still.size()));
                    RepositoryDeletes.delete(plan.repository(), still, backend, tally, host);
                });
                running.add(pool.submit(() -> {
                    try {
                        return work.call();
                    } finally {
                        slots.release();
                    }
                }));
            }
        } catch (IOException e) {
            throw new PipelineException("cannot read " + file + ": " + e.getMessage(), e);
        } finally {
            // Whatever happens, the deletes already sent finish before the run reports.
            for (Future<Void> f : running) {
                try {
                    f.get();
                } catch (ExecutionException ignored) {
                    // Kept by the Failure; rethrown below.
                }
            }
        }
        first.rethrow(running);
        return tally.report(summary.registry(), summary.snapshotAt(), true, request.policy(), backend, host, started);
    }

    private static java.io.InputStream openPlan(Host host, String file) throws InterruptedException {
        return host.files().open(file).orElseThrow(() -> PipelineException.forField(RequestField.PLAN_FILE, "there is no plan file " + file
                + "; write one with a dry run first"));
    }

    /**
     * The planned deletions of one repository that still hold, against a fresh listing of it: an image gone already is
     * a note; one whose tags changed, that is in use now, or that an index outside the plan now references, is
     * skipped (a note), since the plan's reason may no longer hold.
     */
    static List<PlanEntry> unchanged(List<PlanEntry> planned, RepositoryListing listing, List<InUse> inUse, Consumer<String> notes) {
        Map<String, ImageRecord> images = new HashMap<>();
        Map<String, List<String>> parents = new HashMap<>();
        for (ImageRecord i : listing.images()) {
            images.put(i.digest(), i);
            i.children().forEach(c -> parents.computeIfAbsent(c, k -> new ArrayList<>()).add(i.digest()));
        }
        String repository = listing.repository();
        Set<String> plannedDigests = planned.stream().map(PlanEntry::digest).collect(Collectors.toSet());
        List<PlanEntry> keep = new ArrayList<>();
        for (PlanEntry e : planned) {
            String id = repository + "@" + e.digest();
            Optional<ImageRecord> now = Optional.ofNullable(images.get(e.digest()));
            if (now.isEmpty()) {
                notes.accept(id + " is gone already");
                continue;
            }
            if (!now.get().tags().equals(e.tags())) {
                notes.accept("skipped " + id + ": its tags changed since the plan (" + e.tags() + " -> " + now.get().tags() + "); plan again");
                continue;
            }
            if (inUse.stream().anyMatch(u -> u.matches(repository, now.get()))) {
                notes.accept("skipped " + id + ": it is in use now");
                continue;
            }
            Optional<String> parent = parents.getOrDefault(e.digest(), List.of()).stream().filter(p -> !plannedDigests.contains(p)).findFirst();
            if (parent.isPresent()) {
                notes.accept("skipped " + id + ": index " + parent.get() + " references it now; plan again");
                continue;
            }
            keep.add(e);
        }
        return keep;
    }
}
