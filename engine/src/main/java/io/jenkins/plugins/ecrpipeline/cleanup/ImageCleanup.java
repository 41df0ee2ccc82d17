package io.jenkins.plugins.ecrpipeline.cleanup;

import io.jenkins.plugins.ecrpipeline.PipelineException;
import io.jenkins.plugins.ecrpipeline.aws.AwsEnvironment;
import io.jenkins.plugins.ecrpipeline.ecr.EcrAuthorizer;
import io.jenkins.plugins.ecrpipeline.ecr.EcrRegistryApi;
import io.jenkins.plugins.ecrpipeline.imagebuild.ReportFile;
import io.jenkins.plugins.ecrpipeline.imagebuild.SummaryTable;
import io.jenkins.plugins.ecrpipeline.process.Host;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Cleans a registry by a policy, repository by repository (several at once): lists one, plans it, prints its table
 * and writes its plan-file block, deletes exactly what it planned, and keeps only the counts; or applies a plan file
 * written by an earlier dry run, one repository at a time, after checking each entry against a fresh listing. The
 * CLI and the Jenkins step call these entry points.
 */
public final class ImageCleanup {
    /** The table shows every entry up to this many rows; beyond, the deletions only (the plan file has them all). */
    private static final int FULL_TABLE = 500;

    private ImageCleanup() {
    }

    /**
     * Cleans in this JVM; with an ECR login the credentials are this JVM's (in Jenkins: run it on the agent).
     *
     * @return the report; {@link CleanupReport#succeeded()} is false when a planned delete failed
     */
    public static CleanupReport run(CleanupRequest request, Host host) throws InterruptedException {
        try (CleanupBackend backend = open(request, host)) {
            return run(request, host, backend);
        }
    }

    /** The backend the request names: ECR's API with an ECR login, else the registry API with the docker config's logins. */
    static CleanupBackend open(CleanupRequest request, Host host) throws InterruptedException {
        if (request.ecrLogin() == null) {
            return RegistryCleanupBackend.open(request.registry(), host, request.dockerConfig());
        }
        EcrAuthorizer authorizer = EcrAuthorizer.open(request.ecrLogin(), AwsEnvironment.of(host.environment()), host.clock());
        try {
            String registry = request.registry() != null ? request.registry() : authorizer.authorize().primaryHost();
            EcrRegistryApi api = authorizer.api(registry).orElseThrow(() -> PipelineException.forField("registry", "the ECR login reaches "
                    + String.join(", ", authorizer.authorize().all().stream().map(a -> a.host()).toList()) + ", not " + registry
                    + "; name one of those, or log in to that account (a role to assume) or region"));
            return new EcrCleanupBackend(api, authorizer::close);
        } catch (RuntimeException e) {
            authorizer.close();
            throw e;
        }
    }

    /** Cleans through a given backend (tests, benchmarks). */
    public static CleanupReport run(CleanupRequest request, Host host, CleanupBackend backend) throws InterruptedException {
        CleanupPolicy policy = request.policy();
        List<InUse> inUse = inUseFile(policy, host);
        Instant started = host.clock().instant();
        if (policy != null) {
            host.console().line("Policy: " + policy.describe());
        }
        ExecutorService pool = Executors.newFixedThreadPool(request.concurrency());
        try {
            if (request.lifecyclePolicyFile() != null || request.putLifecyclePolicy()) {
                exportLifecyclePolicy(request, host, backend, pool);
            }
            CleanupTally tally = new CleanupTally(host.console());
            CleanupReport report = request.execute() && request.planFile() != null
                    ? applyPlanFile(request, host, backend, pool, inUse, tally, started)
                    : planAndClean(request, host, backend, pool, inUse, tally, started);
            return finish(request, host, report);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Lists, plans, prints and (unless a dry run) deletes repository by repository, several at once: a repository's
     * listing and plan are dropped once its table rows and plan-file block are written and its deletes are done, so
     * memory follows the largest repository (times the concurrency), not the registry.
     */
    private static CleanupReport planAndClean(CleanupRequest request, Host host, CleanupBackend backend, ExecutorService pool, List<InUse> inUse,
            CleanupTally tally, Instant started) throws InterruptedException {
        CleanupPolicy policy = request.policy();
        List<String> repositories = repositories(policy, backend);
        Instant snapshotAt = host.clock().instant();
        host.console().line("Listing " + repositories.size() + " repository(ies) of " + backend.registry() + " (" + request.concurrency()
                + " at once)" + (request.execute() ? "; each is cleaned as soon as it is planned" : ""));
        CleanupTable table = new CleanupTable(host.console(), FULL_TABLE);
        String file = !request.execute() && request.planFile() != null ? host.resolve(request.planFile()).toString() : null;
        CleanupPlanFile.Writer writer = file == null ? null : new CleanupPlanFile.Writer(host.files().create(file), backend.registry(), snapshotAt);
        boolean complete = false;
        try {
            Failure first = new Failure();
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
                    if (request.execute()) {
                        delete(repository, plan.deletions(), backend, tally, host);
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
        return tally.report(backend.registry(), snapshotAt, request.execute(), policy, backend, host, started);
    }

    /**
     * Applies a plan file repository by repository, reading one block at a time (at most the concurrency's worth are
     * read ahead): each repository is listed again and only its unchanged entries are deleted.
     */
    private static CleanupReport applyPlanFile(CleanupRequest request, Host host, CleanupBackend backend, ExecutorService pool, List<InUse> inUse,
            CleanupTally tally, Instant started) throws InterruptedException {
        String file = host.resolve(request.planFile()).toString();
        CleanupPlanFile.Summary summary = CleanupPlanFile.check(openPlan(host, file), file);
        if (!summary.registry().equals(backend.registry())) {
            throw PipelineException.forField("plan file", file + " is a plan for " + summary.registry() + ", not " + backend.registry());
        }
        host.console().line("Applying the plan " + file + " (made at " + summary.snapshotAt() + "): "
                + CleanupTable.totals(summary.totals(), summary.repositories()));
        List<InUse> nowInUse = new ArrayList<>(inUse);
        if (request.policy() != null) {
            nowInUse.addAll(request.policy().inUseImages());
        }
        Failure first = new Failure();
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
                    delete(plan.repository(), still, backend, tally, host);
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
        return host.files().open(file).orElseThrow(() -> PipelineException.forField("plan file", "there is no plan file " + file
                + "; write one with a dry run first"));
    }

    private static void close(CleanupPlanFile.Writer writer, String file) {
        try {
            writer.close();
        } catch (IOException e) {
            throw new PipelineException("cannot write the plan " + file + ": " + e.getMessage(), e);
        }
    }

    private static CleanupReport finish(CleanupRequest request, Host host, CleanupReport done) throws InterruptedException {
        CleanupReport report = done.redacted(host.redaction());
        if (!report.executed()) {
            host.console().line("Dry run: nothing was deleted.");
        } else {
            CleanupTotals t = report.totals();
            host.console().line("Deleted " + t.deleted() + " image(s), " + SummaryTable.size(t.bytesFreed()) + " freed; " + t.failed() + " failed"
                    + (t.skipped() > 0 ? "; " + t.skipped() + " skipped (see the notes)" : "")
                    + (t.failed() > 0 ? " (each failure is named above, with the registry's code and reason)" : ""));
        }
        host.console().line("API calls: " + report.apiCalls().entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", ")) + (report.retries() > 0 ? "; " + report.retries() + " attempt(s) retried after throttling or errors" : ""));
        if (report.executed() && request.reportFile() != null) {
            String file = host.resolve(request.reportFile()).toString();
            host.files().write(file, ReportFile.json(report).getBytes(StandardCharsets.UTF_8));
            host.console().line("Report: " + file);
        }
        return report;
    }

    /** The named repositories and those of the registry whose whole name matches a pattern, sorted. */
    static List<String> repositories(CleanupPolicy policy, CleanupBackend backend) throws InterruptedException {
        Set<String> names = new TreeSet<>(policy.repositories());
        if (!policy.repositoryPatterns().isEmpty()) {
            List<Pattern> patterns = policy.repositoryPatterns().stream().map(Pattern::compile).toList();
            for (String repository : backend.repositories()) {
                if (patterns.stream().anyMatch(p -> p.matcher(repository).matches())) {
                    names.add(repository);
                }
            }
        }
        return List.copyOf(names);
    }

    private static List<InUse> inUseFile(CleanupPolicy policy, Host host) throws InterruptedException {
        if (policy == null || policy.inUseFile() == null) {
            return List.of();
        }
        String file = host.resolve(policy.inUseFile()).toString();
        byte[] content = host.files().read(file).orElseThrow(() -> PipelineException.forField("inUseFile", "there is no in-use file " + file
                + "; a cleanup that cannot tell what is deployed deletes nothing"));
        return InUse.parseLines(new String(content, StandardCharsets.UTF_8), file);
    }

    /** One repository's work, run on the pool. */
    @FunctionalInterface
    private interface Work {
        void run() throws InterruptedException;
    }

    /**
     * The first error of a run's repositories: once one repository fails (a refusal, a listing that cannot be read),
     * no other repository starts, the running ones finish, and the run ends with that error.
     */
    private static final class Failure {
        private final java.util.concurrent.atomic.AtomicReference<Exception> first = new java.util.concurrent.atomic.AtomicReference<>();

        boolean failed() {
            return first.get() != null;
        }

        Callable<Void> unlessFailed(Work work) {
            return () -> {
                if (failed()) {
                    return null;
                }
                try {
                    work.run();
                } catch (RuntimeException | InterruptedException e) {
                    first.compareAndSet(null, e);
                    throw e;
                }
                return null;
            };
        }

        void rethrow(List<Future<Void>> done) throws InterruptedException {
            for (Future<Void> f : done) {
                await(f);
            }
            Exception e = first.get();
            if (e instanceof RuntimeException r) {
                throw r;
            }
            if (e instanceof InterruptedException i) {
                throw i;
            }
        }
    }

    private static <T> T await(Future<T> future) throws InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof InterruptedException i) {
                throw i;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * The planned deletions of one repository that still hold, against a fresh listing of it: an image gone already is
     * a note; one whose tags changed, that is in use now, or that an index outside the plan now references, is
     * skipped (a note), since the plan's reason may no longer hold.
     */
    static List<PlanEntry> unchanged(List<PlanEntry> planned, RepositoryListing listing, List<InUse> inUse, java.util.function.Consumer<String> notes) {
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

    /** Deletes one repository's planned images, indexes first so that ECR lets their children go later; counts what happened. */
    private static void delete(String repository, List<PlanEntry> planned, CleanupBackend backend, CleanupTally tally, Host host)
            throws InterruptedException {
        if (planned.isEmpty()) {
            return;
        }
        Instant started = host.clock().instant();
        List<PlanEntry> ordered = planned.stream().sorted(Comparator.comparing((PlanEntry e) -> !isIndex(e.mediaType()))
                .thenComparing(PlanEntry::digest)).toList();
        CleanupBackend.DeleteResult result = backend.delete(repository, ordered);
        Set<String> gone = new HashSet<>(result.deleted());
        tally.deletions(repository, planned.stream().filter(e -> gone.contains(e.digest())).toList());
        long bytes = planned.stream().filter(e -> gone.contains(e.digest())).mapToLong(e -> Math.max(0, e.size())).sum();
        long failed = 0;
        long skipped = 0;
        for (CleanupBackend.DeleteFailure f : result.failures()) {
            if ("ImageNotFound".equals(f.code())) {
                // Someone else deleted it between the plan and now: what the plan wanted is true.
                tally.note(f.repository() + "@" + f.digest() + " was gone already (" + f.reason() + ")");
                skipped++;
            } else {
                tally.failed(f);
                failed++;
            }
        }
        tally.add(repository, new CleanupTotals(0, 0, 0, gone.size(), bytes, failed, skipped));
        tally.executed(Duration.between(started, host.clock().instant()));
    }

    private static boolean isIndex(String mediaType) {
        return mediaType != null && (mediaType.endsWith("manifest.list.v2+json") || mediaType.endsWith("image.index.v1+json"));
    }

    private static void exportLifecyclePolicy(CleanupRequest request, Host host, CleanupBackend backend, ExecutorService pool)
            throws InterruptedException {
        LifecyclePolicyExport.Export export = LifecyclePolicyExport.render(request.policy());
        host.console().line(export.json() == null ? "No rule of the policy can be an ECR lifecycle policy:"
                : "As an ECR lifecycle policy, the policy leaves out:" + (export.notExpressed().isEmpty() ? " nothing" : ""));
        export.notExpressed().forEach(m -> host.console().line("  " + m));
        if (export.json() == null) {
            if (request.putLifecyclePolicy()) {
                throw PipelineException.forField("put lifecycle policy", "no rule of the policy can be an ECR lifecycle policy; nothing was set");
            }
            return;
        }
        if (request.lifecyclePolicyFile() != null) {
            String file = host.resolve(request.lifecyclePolicyFile()).toString();
            host.files().write(file, export.json().getBytes(StandardCharsets.UTF_8));
            host.console().line("Lifecycle policy: " + file);
        }
        if (request.putLifecyclePolicy()) {
            if (!(backend instanceof EcrCleanupBackend ecr)) {
                throw PipelineException.forField("put lifecycle policy", "lifecycle policies are ECR's; " + backend.registry() + " is cleaned "
                        + "through the registry API");
            }
            for (String repository : repositories(request.policy(), backend)) {
                ecr.putLifecyclePolicy(repository, export.json());
                host.console().line("Lifecycle policy set on " + repository);
            }
        }
    }
}
