package io.jenkins.plugins.ecrpipeline.cleanup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.ecrpipeline.localaws.LocalEcrExtension;
import io.jenkins.plugins.ecrpipeline.localaws.LocalEcrFixture;
import io.jenkins.plugins.ecrpipeline.process.Secret;
import io.jenkins.plugins.ecrpipeline.promote.Manifests;
import io.jenkins.plugins.ecrpipeline.promote.RegistryClient;
import io.jenkins.plugins.ecrpipeline.support.LocalStackExtension;
import io.jenkins.plugins.ecrpipeline.support.ProjectRoot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code bench/cleanup}: IMAGES images (default 10,000) across 5 repositories of the local ECR, pushed with PutImage of
 * tiny manifests (one shared config and layer per repository, a unique annotation each), 2% of them indexes over one
 * untagged platform image. Times a dry run and a plan-and-execute, counts the API calls against the fewest possible
 * (ceil(images/1000) listings + ceil(indexes/100) index reads + ceil(deletes/100) deletes per repository) and the heap
 * the plan holds. Not a test that CI runs: its name matches no test pattern; the bench script selects it.
 */
@ExtendWith({LocalStackExtension.class, LocalEcrExtension.class})
class CleanupBenchmark {
    private static final int REPOSITORIES = 5;

    @Test
    void cleanTenThousandImages(LocalEcrFixture aws) throws Exception {
        int images = Integer.parseInt(System.getenv().getOrDefault("IMAGES", "10000"));
        int perRepository = images / REPOSITORIES;
        int indexes = perRepository / 50;
        try (CleanupFixture f = new CleanupFixture(aws)) {
            Instant seedStart = Instant.now();
            List<String> repositories = new ArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                for (int r = 0; r < REPOSITORIES; r++) {
                    String repo = "cleanup-test/bench-r" + r;
                    repositories.add(repo);
                    f.createRepository(repo);
                    seed(f, pool, repo, perRepository, indexes);
                }
            } finally {
                pool.shutdownNow();
            }
            Duration seeding = Duration.between(seedStart, Instant.now());
            // Keep the newest 100 builds, untagged images and the old multi-arch tags go.
            CleanupPolicy.Builder policy = CleanupPolicy.builder().keepNewest(100, "b-[0-9]+").untaggedOlderThan("0m")
                    .taggedOlderThan("0m", "multi-.*");
            repositories.forEach(policy::repository);
            CleanupRequest.Builder request = CleanupRequest.builder(policy.build()).ecrLogin(f.ecrLogin());

            System.gc();
            long heapBefore = usedHeap();
            CleanupReport dry = ImageCleanup.run(request.build(), f.host(Duration.ofMinutes(1)));
            long heapWithPlan = usedHeap();
            CleanupReport done = ImageCleanup.run(request.execute(true).build(), f.host(Duration.ofMinutes(1)));

            assertTrue(done.succeeded(), done.failures().toString());
            int deletes = done.plan().imagesToDelete();
            long minimum = 0;
            for (String repo : repositories) {
                long inRepo = done.plan().entries().stream().filter(e -> e.repository().equals(repo)).count();
                long deletesInRepo = done.plan().deletions().stream().filter(e -> e.repository().equals(repo)).count();
                long indexesInRepo = done.plan().entries().stream().filter(e -> e.repository().equals(repo)
                        && e.mediaType().equals(Manifests.OCI_INDEX)).count();
                minimum += ceil(inRepo, 1000) + ceil(indexesInRepo, 100) + ceil(deletesInRepo, 100);
            }
            long calls = done.apiCalls().values().stream().mapToLong(Long::longValue).sum();
            assertEquals(images, done.plan().entries().size());
            String result = String.join("\n",
                    "cleanup benchmark, " + Instant.now() + ", " + Runtime.getRuntime().availableProcessors() + " cores, "
                            + System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                    images + " images in " + REPOSITORIES + " repositories of the local ECR (" + indexes * REPOSITORIES
                            + " indexes), seeded with PutImage in " + seeding.toSeconds() + " s",
                    "dry run (list, read indexes, plan): " + dry.planTime().toMillis() + " ms",
                    "plan and execute: plan " + done.planTime().toMillis() + " ms, " + deletes + " deletes in " + done.executeTime().toMillis() + " ms",
                    "API calls: " + calls + " " + done.apiCalls() + "; minimum " + minimum + "; ratio "
                            + String.format(Locale.ROOT, "%.3f", calls / (double) minimum) + "; retried attempts " + done.retries(),
                    "heap held by a dry run's listing and plan: about " + (heapWithPlan - heapBefore) / 1024 + " KiB ("
                            + (heapWithPlan - heapBefore) / images + " bytes per image; grows with the images, not flat)");
            Path out = ProjectRoot.resolve("bench/results/cleanup.txt");
            Files.createDirectories(out.getParent());
            Files.writeString(out, result + "\n");
            System.out.println(result);
            assertTrue(calls <= Math.ceil(minimum * 1.05), "API calls within 5% of the minimum: " + calls + " vs " + minimum);
        }
    }

    private static long ceil(long n, int per) {
        return (n + per - 1) / per;
    }

    private static long usedHeap() {
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
