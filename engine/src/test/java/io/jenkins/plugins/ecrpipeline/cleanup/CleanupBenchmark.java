package io.jenkins.plugins.ecrpipeline.cleanup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.ecrpipeline.localaws.LocalEcrExtension;
import io.jenkins.plugins.ecrpipeline.localaws.LocalEcrFixture;
import io.jenkins.plugins.ecrpipeline.process.Host;
import io.jenkins.plugins.ecrpipeline.process.Secret;
import io.jenkins.plugins.ecrpipeline.registry.Manifests;
import io.jenkins.plugins.ecrpipeline.registry.RegistryClient;
import io.jenkins.plugins.ecrpipeline.support.LocalStackExtension;
import io.jenkins.plugins.ecrpipeline.support.ProjectRoot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code bench/cleanup}: PER_REPOSITORY images (default 2,000) in each of LARGE repositories (default 10) of the local
 * ECR, pushed with PutImage of tiny manifests (one shared config and layer per repository, a unique annotation each),
 * 2% of them indexes over one untagged platform image. Measures the heap a cleanup holds at two sizes with the same
 * largest repository (a dry run with a plan file over the first SMALL repositories, default 5, then over all), to show
 * that it follows the largest repository and not the registry; then times a plan-and-execute of the first SMALL
 * repositories and counts its API calls against the fewest possible (ceil(images/1000) listings + ceil(indexes/100)
 * index reads + ceil(deletes/100) deletes per repository). Not a test that CI runs: its name matches no test pattern;
 * the bench script selects it.
 */
@ExtendWith({LocalStackExtension.class, LocalEcrExtension.class})
class CleanupBenchmark {
    @Test
    void cleanTensOfThousandsOfImages(LocalEcrFixture aws) throws Exception {
        int perRepository = Integer.parseInt(System.getenv().getOrDefault("PER_REPOSITORY", "2000"));
        int small = Integer.parseInt(System.getenv().getOrDefault("SMALL", "5"));
        int large = Integer.parseInt(System.getenv().getOrDefault("LARGE", "10"));
        int indexes = perRepository / 50;
        try (CleanupFixture f = new CleanupFixture(aws)) {
            Instant seedStart = Instant.now();
            List<String> repositories = new ArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                for (int r = 0; r < large; r++) {
                    String repo = "cleanup-test/bench-r" + r;
                    repositories.add(repo);
                    f.createRepository(repo);
                    seed(f, pool, repo, perRepository, indexes);
                }
            } finally {
                pool.shutdownNow();
            }
            Duration seeding = Duration.between(seedStart, Instant.now());
            // The console only counts lines: a console that kept them would grow with the images itself.
            AtomicLong lines = new AtomicLong();
            Host host = Host.local(f.env).runner((command, output) -> {
                throw new AssertionError("a cleanup ran a command");
            }).workspace(f.aws.dir).tempDirectory(Files.createDirectories(f.aws.dir.resolve("bench-temp")))
                    .clock(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(1))).console(line -> lines.incrementAndGet()).build();

            // Unmeasured: the first run loads classes and fills the SDK's and the JVM's one-time caches.
            ImageCleanup.run(request(repositories.subList(0, small), f).build(), host);
            Heap smallRun = heapOf(() -> ImageCleanup.run(request(repositories.subList(0, small), f).planFile("bench-plan-small.json").build(), host));
            Heap largeRun = heapOf(() -> ImageCleanup.run(request(repositories, f).planFile("bench-plan-large.json").build(), host));
            assertEquals((long) small * perRepository, smallRun.report().totals().images());
            assertEquals((long) large * perRepository, largeRun.report().totals().images());
            Heap executed = heapOf(() -> ImageCleanup.run(request(repositories.subList(0, small), f).execute(true).build(), host));
            CleanupReport done = executed.report();

            assertTrue(done.succeeded(), done.failures().toString());
            long minimum = 0;
            for (CleanupTotals t : done.repositories().values()) {
                // Every repository has perRepository images, indexes of them indexes; its deletes are counted in the report.
                minimum += ceil(t.images(), 1000) + ceil(indexes, 100) + ceil(t.planned(), 100);
            }
            long calls = done.apiCalls().values().stream().mapToLong(Long::longValue).sum();
            long plannedBytesFile = Files.size(f.aws.dir.resolve("bench-plan-large.json"));
            String result = String.join("\n",
                    "cleanup benchmark, " + Instant.now() + ", " + Runtime.getRuntime().availableProcessors() + " cores, "
                            + System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + ", max heap "
                            + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB",
                    large * perRepository + " images in " + large + " repositories of " + perRepository + " of the local ECR (" + indexes
                            + " indexes each), seeded with PutImage in " + seeding.toSeconds() + " s; the local ECR runs in the benchmark's JVM",
                    "heap a run holds above what the JVM held before it (live objects after a forced GC, sampled every "
                            + Heap.SAMPLE.toMillis() + " ms; the local ECR's own request handling counts too):",
                    heapLine("dry run with plan file, " + small + " repositories", small * perRepository, smallRun),
                    heapLine("dry run with plan file, " + large + " repositories", large * perRepository, largeRun),
                    heapLine("plan and execute, " + small + " repositories", small * perRepository, executed),
                    "flat: twice the images (same largest repository) " + verdict(smallRun, largeRun),
                    "dry run (list, read indexes, plan, table, plan file): " + smallRun.report().duration().toMillis() + " ms for "
                            + small * perRepository + " images, " + largeRun.report().duration().toMillis() + " ms for " + large * perRepository
                            + " (plan file " + plannedBytesFile / 1024 + " KiB, " + lines.get() + " console lines in all runs)",
                    "plan and execute: " + done.totals().deleted() + " deletes, whole run " + done.duration().toMillis() + " ms (listing and planning "
                            + done.planTime().toMillis() + " ms, deletes " + done.executeTime().toMillis() + " ms, summed over repositories)",
                    "API calls: " + calls + " " + done.apiCalls() + "; minimum " + minimum + "; ratio "
                            + String.format(Locale.ROOT, "%.3f", calls / (double) minimum) + "; retried attempts " + done.retries());
            Path out = ProjectRoot.resolve("bench/results/cleanup.txt");
            Files.createDirectories(out.getParent());
            Files.writeString(out, result + "\n");
            System.out.println(result);
            assertTrue(calls <= Math.ceil(minimum * 1.05), "API calls within 5% of the minimum: " + calls + " vs " + minimum);
        }
    }

    private static CleanupRequest.Builder request(List<String> repositories, CleanupFixture f) {
        // Keep the newest 100 builds, untagged images and the old multi-arch tags go.
        CleanupPolicy.Builder policy = CleanupPolicy.builder().keepNewest(100, "b-[0-9]+").untaggedOlderThan("0m").taggedOlderThan("0m", "multi-.*");
        repositories.forEach(policy::repository);
        return CleanupRequest.builder(policy.build()).ecrApi(f.ecrLogin());
    }

    private static String heapLine(String what, long images, Heap heap) {
        return String.format(Locale.ROOT, "  %s (%,d images): peak %,d KiB (%d bytes per image), after the run %,d KiB (report kept)", what, images,
                heap.peak() / 1024, heap.peak() / images, heap.retained() / 1024);
    }

    private static String verdict(Heap small, Heap large) {
        double ratio = large.peak() / (double) Math.max(1, small.peak());
        return String.format(Locale.ROOT, "took %.2fx the peak heap (%s)", ratio, ratio < 1.3 ? "flat: it follows the largest repository"
                : "NOT flat: it grows with the images");
    }

    @FunctionalInterface
    private interface Run {
        CleanupReport run() throws Exception;
    }

    /**
     * A run's heap: the highest live heap sampled during it and what stays after it, each above the baseline before it.
     * Live heap is read right after a forced full GC, so garbage not yet collected does not count.
     */
    private record Heap(CleanupReport report, long peak, long retained) {
        static final Duration SAMPLE = Duration.ofMillis(200);
    }

    private static Heap heapOf(Run run) throws Exception {
        long baseline = liveHeap();
        AtomicLong peak = new AtomicLong();
        AtomicBoolean done = new AtomicBoolean();
        Thread sampler = new Thread(() -> {
            while (!done.get()) {
                peak.accumulateAndGet(liveHeap(), Math::max);
                try {
                    Thread.sleep(Heap.SAMPLE.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
        CleanupReport report;
        try {
            report = run.run();
        } finally {
            done.set(true);
            sampler.join();
        }
        long after = liveHeap();
        return new Heap(report, Math.max(0, Math.max(peak.get(), after) - baseline), Math.max(0, after - baseline));
    }

    private static long ceil(long n, int per) {
        return (n + per - 1) / per;
    }

    private static long liveHeap() {
        System.gc();
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    /** One config and one layer per repository; each manifest differs by an annotation, so each is its own image. */
    private static void seed(CleanupFixture f, ExecutorService pool, String repo, int count, int indexes) throws Exception {
        String password = new String(Base64.getDecoder().decode(f.auth().authorizationToken()), StandardCharsets.UTF_8).substring(4);
        RegistryClient registry = new RegistryClient(java.net.http.HttpClient.newHttpClient(), f.host(), new RegistryClient.Login("AWS", Secret.of(password)));
        byte[] layer = ("bench layer " + repo).getBytes(StandardCharsets.UTF_8);
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + Manifests.digest(layer)
                + "\"]}}").getBytes(StandardCharsets.UTF_8);
        registry.putBlob(repo, layer);
        registry.putBlob(repo, config);
        int singles = count - indexes;
        List<Future<String>> pushed = new ArrayList<>();
        for (int i = 0; i < singles; i++) {
            int n = i;
            // Half tagged b-<n> (builds), the rest untagged; the first untagged ones become platform images of indexes.
            String tag = n % 2 == 0 ? "b-" + n : null;
            String manifest = "{\"schemaVersion\":2,\"mediaType\":\"" + Manifests.OCI_MANIFEST + "\",\"config\":{\"mediaType\":"
                    + "\"application/vnd.oci.image.config.v1+json\",\"size\":" + config.length + ",\"digest\":\"" + Manifests.digest(config)
                    + "\"},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"size\":" + layer.length
                    + ",\"digest\":\"" + Manifests.digest(layer) + "\"}],\"annotations\":{\"n\":\"" + repo + "/" + n + "\"}}";
            pushed.add(pool.submit(() -> f.session.ecr().putImage(r -> r.repositoryName(repo).imageTag(tag).imageManifest(manifest)
                    .imageManifestMediaType(Manifests.OCI_MANIFEST)).image().imageId().imageDigest()));
        }
        List<String> untagged = new ArrayList<>();
        for (int i = 0; i < pushed.size(); i++) {
            String digest = pushed.get(i).get();
            if (i % 2 == 1) {
                untagged.add(digest);
            }
        }
        List<Future<?>> indexPushes = new ArrayList<>();
        for (int i = 0; i < indexes; i++) {
            String child = untagged.get(i);
            String index = "{\"schemaVersion\":2,\"mediaType\":\"" + Manifests.OCI_INDEX + "\",\"manifests\":[{\"mediaType\":\""
                    + Manifests.OCI_MANIFEST + "\",\"digest\":\"" + child + "\",\"size\":1,\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"}}]}";
            String tag = "multi-" + i;
            indexPushes.add(pool.submit(() -> f.session.ecr().putImage(r -> r.repositoryName(repo).imageTag(tag).imageManifest(index)
                    .imageManifestMediaType(Manifests.OCI_INDEX))));
        }
        for (Future<?> p : indexPushes) {
            p.get();
        }
    }
}
