package io.jenkins.plugins.ecrpipeline.cleanup;

import io.jenkins.plugins.ecrpipeline.PipelineException;
import io.jenkins.plugins.ecrpipeline.aws.AwsEnvironment;
import io.jenkins.plugins.ecrpipeline.ecr.EcrAuthorizer;
import io.jenkins.plugins.ecrpipeline.ecr.EcrRegistryApi;
import io.jenkins.plugins.ecrpipeline.imagebuild.ReportFile;
import io.jenkins.plugins.ecrpipeline.imagebuild.SummaryTable;
import io.jenkins.plugins.ecrpipeline.process.Host;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Cleans a registry by a policy: lists the repositories (several at once), plans, prints the plan, and deletes
 * exactly what it planned, or applies a plan file written by an earlier dry run after checking that each entry is
 * unchanged. The CLI and the Jenkins step call these entry points.
 */
public final class ImageCleanup {
    /** A dry run prints every entry up to this many; beyond, the deletions only (the plan file has them all). */
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
            String registry = request.registry() != null ? request.registry() : authorizer.authorize().all().get(0).host();
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
        ExecutorService pool = Executors.newFixedThreadPool(request.concurrency());
        try {
            if (request.lifecyclePolicyFile() != null || request.putLifecyclePolicy()) {
                exportLifecyclePolicy(request, host, backend, pool);
            }
            CleanupPlan plan;
            List<String> notes = new ArrayList<>();
            List<PlanEntry> toDelete;
            if (request.execute() && request.planFile() != null) {
                String file = host.resolve(request.planFile()).toString();
                plan = CleanupPlanFile.read(host.files().read(file).orElseThrow(() -> PipelineException.forField("plan file",
                        "there is no plan file " + file + "; write one with a dry run first")), file);
                if (!plan.registry().equals(backend.registry())) {
                    throw PipelineException.forField("plan file", file + " is a plan for " + plan.registry() + ", not " + backend.registry());
                }
                host.console().line("Applying the plan " + file + " (made at " + plan.snapshotAt() + "): " + CleanupTable.totals(plan));
                List<String> repositories = plan.deletions().stream().map(PlanEntry::repository).distinct().sorted().toList();
                List<InUse> nowInUse = new ArrayList<>(inUse);
                if (policy != null) {
                    nowInUse.addAll(policy.inUseImages());
                }
                toDelete = unchanged(plan, listAll(repositories, backend, pool), nowInUse, notes);
            } else {
                List<String> repositories = repositories(policy, backend);
                Instant snapshotAt = host.clock().instant();
                host.console().line("Listing " + repositories.size() + " repository(ies) of " + backend.registry() + " ("
                        + request.concurrency() + " at once)");
                plan = CleanupPlanner.plan(policy, inUse, backend.registry(), snapshotAt, listAll(repositories, backend, pool),
                        backend.deletesChildrenWithIndex());
                boolean full = plan.entries().size() <= FULL_TABLE;
                CleanupTable.render(plan, full).forEach(host.console()::line);
                if (!full) {
                    host.console().line("(" + (plan.entries().size() - plan.imagesToDelete()) + " kept images are not shown; the plan file lists them)");
                }
                toDelete = plan.deletions();
                if (!request.execute() && request.planFile() != null) {
                    String file = host.resolve(request.planFile()).toString();
                    host.files().write(file, CleanupPlanFile.json(plan).getBytes(StandardCharsets.UTF_8));
                    host.console().line("Plan: " + file);
                }
            }
            Instant planned = host.clock().instant();
            if (!request.execute()) {
                host.console().line("Dry run: nothing was deleted.");
                return report(request, host, backend, plan, false, List.of(), List.of(), notes, Duration.between(started, planned), Duration.ZERO);
            }
            List<String> deleted = new ArrayList<>();
            List<CleanupBackend.DeleteFailure> failures = new ArrayList<>();
            deleteAll(toDelete, backend, pool, deleted, failures, notes);
            return report(request, host, backend, plan, true, deleted, failures, notes, Duration.between(started, planned),
                    Duration.between(planned, host.clock().instant()));
        } finally {
            pool.shutdownNow();
        }
    }

    private static CleanupReport report(CleanupRequest request, Host host, CleanupBackend backend, CleanupPlan plan, boolean executed,
            List<String> deleted, List<CleanupBackend.DeleteFailure> failures, List<String> notes, Duration planTime, Duration executeTime)
            throws InterruptedException {
        Set<String> gone = new TreeSet<>(deleted);
        long bytes = plan.deletions().stream().filter(e -> gone.contains(e.repository() + "@" + e.digest())).mapToLong(e -> Math.max(0, e.size())).sum();
        CleanupReport report = new CleanupReport(plan, executed, gone.size(), bytes, failures, notes, backend.calls().byOperation(),
                backend.calls().retries(), planTime, executeTime);
        notes.forEach(n -> host.console().line("note: " + n));
        if (executed) {
            host.console().line("Deleted " + gone.size() + " image(s), " + SummaryTable.size(bytes) + " freed; " + failures.size() + " failed");
            for (CleanupBackend.DeleteFailure f : failures) {
                host.console().line("  FAILED " + f.repository() + "@" + f.digest() + ": " + f.code() + " (" + f.reason() + ")");
            }
        }
        host.console().line("API calls: " + report.apiCalls().entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", ")) + (report.retries() > 0 ? "; " + report.retries() + " attempt(s) retried after throttling or errors" : ""));
        if (executed && request.reportFile() != null) {
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

    private static List<RepositoryListing> listAll(List<String> repositories, CleanupBackend backend, ExecutorService pool) throws InterruptedException {
        List<Callable<RepositoryListing>> tasks = new ArrayList<>();
        for (String repository : repositories) {
            tasks.add(() -> backend.list(repository));
        }
        List<RepositoryListing> listings = new ArrayList<>();
        for (Future<RepositoryListing> f : pool.invokeAll(tasks)) {
            listings.add(await(f));
        }
        return listings;
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
     * The planned deletions that still hold: an image gone already is a note; one whose tags changed, that is in use now,
     * or that an index outside the plan now references, is skipped (a note), since the plan's reason may no longer hold.
     */
    static List<PlanEntry> unchanged(CleanupPlan plan, List<RepositoryListing> listings, List<InUse> inUse, List<String> notes) {
        Map<String, ImageRecord> images = new HashMap<>();
        Map<String, List<String>> parents = new HashMap<>();
        for (RepositoryListing listing : listings) {
            for (ImageRecord i : listing.images()) {
                images.put(listing.repository() + "@" + i.digest(), i);
                i.children().forEach(c -> parents.computeIfAbsent(listing.repository() + "@" + c, k -> new ArrayList<>()).add(i.digest()));
            }
        }
        Set<String> planned = plan.deletions().stream().map(e -> e.repository() + "@" + e.digest()).collect(Collectors.toSet());
        List<PlanEntry> keep = new ArrayList<>();
        for (PlanEntry e : plan.deletions()) {
            String id = e.repository() + "@" + e.digest();
            Optional<ImageRecord> now = Optional.ofNullable(images.get(id));
            if (now.isEmpty()) {
                notes.add(e.repository() + "@" + e.digest() + " is gone already");
                continue;
            }
            if (!now.get().tags().equals(e.tags())) {
                notes.add("skipped " + e.repository() + "@" + e.digest() + ": its tags changed since the plan (" + e.tags() + " -> "
                        + now.get().tags() + "); plan again");
                continue;
            }
            if (inUse.stream().anyMatch(u -> u.matches(e.repository(), now.get()))) {
                notes.add("skipped " + e.repository() + "@" + e.digest() + ": it is in use now");
                continue;
            }
            Optional<String> parent = parents.getOrDefault(id, List.of()).stream().filter(p -> !planned.contains(e.repository() + "@" + p)).findFirst();
            if (parent.isPresent()) {
                notes.add("skipped " + id + ": index " + parent.get() + " references it now; plan again");
                continue;
            }
            keep.add(e);
        }
        return keep;
    }

    /** Deletes per repository, several repositories at once; within one, indexes first so that ECR lets their children go later. */
    private static void deleteAll(List<PlanEntry> toDelete, CleanupBackend backend, ExecutorService pool, List<String> deleted,
            List<CleanupBackend.DeleteFailure> failures, List<String> notes) throws InterruptedException {
        Map<String, List<PlanEntry>> byRepository = new LinkedHashMap<>();
        for (PlanEntry e : toDelete) {
            byRepository.computeIfAbsent(e.repository(), r -> new ArrayList<>()).add(e);
        }
        List<Callable<CleanupBackend.DeleteResult>> tasks = new ArrayList<>();
        Map<Integer, String> repositoryOf = new HashMap<>();
        for (Map.Entry<String, List<PlanEntry>> r : byRepository.entrySet()) {
            List<PlanEntry> ordered = r.getValue().stream().sorted(Comparator.comparing((PlanEntry e) -> !isIndex(e.mediaType()))
                    .thenComparing(PlanEntry::digest)).toList();
            repositoryOf.put(tasks.size(), r.getKey());
            tasks.add(() -> backend.delete(r.getKey(), ordered));
        }
        List<Future<CleanupBackend.DeleteResult>> results = pool.invokeAll(tasks);
        for (int i = 0; i < results.size(); i++) {
            CleanupBackend.DeleteResult result = await(results.get(i));
            String repository = repositoryOf.get(i);
            result.deleted().forEach(d -> deleted.add(repository + "@" + d));
            for (CleanupBackend.DeleteFailure f : result.failures()) {
                if ("ImageNotFound".equals(f.code())) {
                    // Someone else deleted it between the plan and now: what the plan wanted is true.
                    notes.add(f.repository() + "@" + f.digest() + " was gone already (" + f.reason() + ")");
                } else {
                    failures.add(f);
                }
            }
        }
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
