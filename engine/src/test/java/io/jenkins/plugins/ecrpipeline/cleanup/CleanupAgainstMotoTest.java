package io.jenkins.plugins.ecrpipeline.cleanup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.ecrpipeline.aws.AwsSessionSettings;
import io.jenkins.plugins.ecrpipeline.ecr.EcrAuthorizationRequest;
import io.jenkins.plugins.ecrpipeline.localaws.MotoServer;
import io.jenkins.plugins.ecrpipeline.process.Host;
import io.jenkins.plugins.ecrpipeline.registry.Manifests;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;

/** The ECR backend against moto, an independent ECR implementation (no registry behind it: images exist through PutImage). */
class CleanupAgainstMotoTest {
    private static final String REGISTRY = "123456789012.dkr.ecr.eu-west-1.amazonaws.com";

    @TempDir
    Path dir;
    private MotoServer moto;
    private Map<String, String> env;
    private final List<String> console = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    private EcrClient ecr;

    @BeforeEach
    void start() throws Exception {
        moto = MotoServer.start(dir.resolve("moto.log"));
        env = MotoServer.environment(dir);
        ecr = moto.ecr();
    }

    @AfterEach
    void stop() {
        ecr.close();
        moto.close();
    }

    /** moto derives the digest from the layer digests only, so each image gets its own layer. */
    private static String manifest(int n) {
        return "{\"schemaVersion\":2,\"mediaType\":\"" + Manifests.DOCKER_MANIFEST + "\",\"config\":{\"mediaType\":"
                + "\"application/vnd.docker.container.image.v1+json\",\"size\":1469,\"digest\":\"sha256:" + String.format("%064x", n) + "\"},"
                + "\"layers\":[{\"mediaType\":\"application/vnd.docker.image.rootfs.diff.tar.gzip\",\"size\":2811321,\"digest\":\"sha256:"
                + String.format("%064x", n + 100000) + "\"}]}";
    }

    private String put(String repository, String tag, int n) {
        return ecr.putImage(r -> r.repositoryName(repository).imageTag(tag).imageManifest(manifest(n)).imageManifestMediaType(Manifests.DOCKER_MANIFEST))
                .image().imageId().imageDigest();
    }

    private Host host(Duration ahead) {
        return Host.local(env).runner((command, output) -> {
            throw new AssertionError("a cleanup ran " + command.display());
        }).tempDirectory(dir).workspace(dir).clock(Clock.offset(Clock.systemUTC(), ahead)).console(console::add).build();
    }

    private String putIndex(String repository, String tag, String... children) {
        StringBuilder index = new StringBuilder("{\"schemaVersion\":2,\"mediaType\":\"" + Manifests.DOCKER_LIST + "\",\"manifests\":[");
        for (int i = 0; i < children.length; i++) {
            index.append(i == 0 ? "" : ",").append("{\"mediaType\":\"").append(Manifests.DOCKER_MANIFEST).append("\",\"digest\":\"")
                    .append(children[i]).append("\",\"size\":100,\"platform\":{\"architecture\":\"").append(i == 0 ? "amd64" : "arm64")
                    .append("\",\"os\":\"linux\"}}");
        }
        String text = index.append("]}").toString();
        return ecr.putImage(r -> r.repositoryName(repository).imageTag(tag).imageManifest(text).imageManifestMediaType(Manifests.DOCKER_LIST))
                .image().imageId().imageDigest();
    }

    @Test
    void multiArchImagesSurviveWhileTheirUnwantedNeighboursGo() throws Exception {
        String repo = "cleanup-test/multi";
        ecr.createRepository(r -> r.repositoryName(repo));
        String amd = put(repo, null, 1);
        String arm = put(repo, null, 2);
        String release = putIndex(repo, "release", amd, arm);
        String oldAmd = put(repo, null, 3);
        String oldArm = put(repo, null, 4);
        String old = putIndex(repo, "old-multi", oldAmd, oldArm);
        String stray = put(repo, null, 5);
        CleanupPolicy policy = CleanupPolicy.builder().repository(repo).protectedTag("release").untaggedOlderThan("1d")
                .taggedOlderThan("1d", "old-.*").build();
        CleanupRequest request = CleanupRequest.builder(policy).registry(REGISTRY).execute(true)
                .ecrApi(EcrAuthorizationRequest.ownAccount(new AwsSessionSettings(null, moto.endpoint(), null, Duration.ofSeconds(2)))).build();

        CleanupReport report = ImageCleanup.run(request, host(Duration.ofDays(2)));

        assertTrue(report.succeeded(), report.failures() + "\n" + String.join("\n", console));
        // Not totals().deleted(): moto's BatchDeleteImage leaves a deleted untagged image out of imageIds (ECR lists it), so
        // the count from its answer is short by one; the listing below shows what really went.
        assertEquals(List.of(2L, 0L), List.of(report.totals().planned(), report.totals().failed()), String.join("\n", console));
        Set<String> left = ecr.listImages(r -> r.repositoryName(repo)).imageIds().stream().map(ImageIdentifier::imageDigest)
                .collect(Collectors.toSet());
        assertEquals(Set.of(amd, arm, release, oldAmd, oldArm), left);

        CleanupReport next = ImageCleanup.run(request, host(Duration.ofDays(2)));

        assertEquals(2, next.totals().planned(), String.join("\n", console));
        assertEquals(Set.of(amd, arm, release), ecr.listImages(r -> r.repositoryName(repo)).imageIds().stream()
                .map(ImageIdentifier::imageDigest).collect(Collectors.toSet()));
    }

    @Test
    void listsPagesAndDeletesInChunksThroughEcrsApi() throws Exception {
        ecr.createRepository(r -> r.repositoryName("cleanup-test/api"));
        ecr.createRepository(r -> r.repositoryName("cleanup-test/web"));
        ecr.createRepository(r -> r.repositoryName("other/keep-out"));
        String production = put("cleanup-test/web", "production", 0);
        // 130 feature images: more than one BatchDeleteImage chunk of 100.
        for (int i = 1; i <= 130; i++) {
            put("cleanup-test/web", "feature-" + i, i);
        }
        String api = put("cleanup-test/api", "feature-x", 500);
        put("cleanup-test/api", "latest", 501);
        String other = put("other/keep-out", "feature-y", 600);
        CleanupPolicy policy = CleanupPolicy.builder().repositoryPattern("cleanup-test/.*").protectedTag("production|latest")
                .taggedOlderThan("1d", "feature-.*").build();
        CleanupRequest request = CleanupRequest.builder(policy).registry(REGISTRY).execute(true)
                .ecrApi(EcrAuthorizationRequest.ownAccount(new AwsSessionSettings(null, moto.endpoint(), null, Duration.ofSeconds(2)))).build();

        CleanupReport report = ImageCleanup.run(request, host(Duration.ofDays(2)));

        assertTrue(report.succeeded(), report.failures().toString());
        assertEquals(131, report.totals().deleted(), String.join("\n", console));
        assertEquals(Map.of("BatchDeleteImage", 3L, "DescribeImages", 2L, "DescribeRepositories", 1L), report.apiCalls(),
                "one listing page per repository, two chunks for 130 deletes and one for the other repository");
        Set<String> left = ecr.listImages(r -> r.repositoryName("cleanup-test/web")).imageIds().stream().map(ImageIdentifier::imageDigest)
                .collect(Collectors.toSet());
        assertEquals(Set.of(production), left);
        assertEquals(List.of(), ecr.listImages(r -> r.repositoryName("cleanup-test/api")).imageIds().stream()
                .filter(id -> id.imageDigest().equals(api)).toList());
        assertEquals(other, ecr.listImages(r -> r.repositoryName("other/keep-out")).imageIds().get(0).imageDigest(),
                "a repository the patterns do not name is not touched");
    }
}
