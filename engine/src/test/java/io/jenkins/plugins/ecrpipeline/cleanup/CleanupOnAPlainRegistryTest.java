package io.jenkins.plugins.ecrpipeline.cleanup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.ecrpipeline.process.Host;
import io.jenkins.plugins.ecrpipeline.process.Secret;
import io.jenkins.plugins.ecrpipeline.registry.Manifests;
import io.jenkins.plugins.ecrpipeline.registry.RegistryClient;
import io.jenkins.plugins.ecrpipeline.support.LocalStack;
import io.jenkins.plugins.ecrpipeline.support.LocalStackExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry backend on the local stack's registry (a password-protected distribution registry with deletes on,
 * shared: every repository here has a unique cleanup-test/ name). Images are aged by their config's created time.
 */
@ExtendWith(LocalStackExtension.class)
class CleanupOnAPlainRegistryTest {
    private static final Instant NOW = Instant.now();
    @TempDir
    Path dir;
    private LocalStack stack;
    private RegistryClient registry;
    private String repo;
    private final List<String> console = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void start(LocalStack stack) throws Exception {
        this.stack = stack;
        this.registry = new RegistryClient(java.net.http.HttpClient.newHttpClient(), stack.registry(),
                new RegistryClient.Login(stack.registryUser(), Secret.of(stack.registryPassword())));
        this.repo = "cleanup-test/r" + Long.toString(System.nanoTime(), 36);
    }

    private String image(String tag, Duration age) throws Exception {
        byte[] layer = ("layer " + System.nanoTime()).getBytes(StandardCharsets.UTF_8);
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"created\":\"" + NOW.minus(age) + "\",\"rootfs\":{\"type\":\"layers\","
                + "\"diff_ids\":[\"" + Manifests.digest(layer) + "\"]}}").getBytes(StandardCharsets.UTF_8);
        registry.putBlob(repo, layer);
        registry.putBlob(repo, config);
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + Manifests.OCI_MANIFEST + "\",\"config\":{\"mediaType\":"
                + "\"application/vnd.oci.image.config.v1+json\",\"size\":" + config.length + ",\"digest\":\"" + Manifests.digest(config)
                + "\"},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"size\":" + layer.length
                + ",\"digest\":\"" + Manifests.digest(layer) + "\"}]}").getBytes(StandardCharsets.UTF_8);
        return put(tag, manifest, Manifests.OCI_MANIFEST);
    }

    private String index(String tag, String... children) throws Exception {
        StringBuilder index = new StringBuilder("{\"schemaVersion\":2,\"mediaType\":\"" + Manifests.OCI_INDEX + "\",\"manifests\":[");
        for (int i = 0; i < children.length; i++) {
            int size = registry.manifest(repo, children[i]).orElseThrow().bytes().length;
            index.append(i == 0 ? "" : ",").append("{\"mediaType\":\"").append(Manifests.OCI_MANIFEST).append("\",\"digest\":\"")
                    .append(children[i]).append("\",\"size\":").append(size).append(",\"platform\":{\"architecture\":\"")
                    .append(i == 0 ? "amd64" : "arm64").append("\",\"os\":\"linux\"}}");
        }
        return put(tag, index.append("]}").toString().getBytes(StandardCharsets.UTF_8), Manifests.OCI_INDEX);
    }

    private String put(String tag, byte[] manifest, String mediaType) throws Exception {
        String digest = Manifests.digest(manifest);
        registry.putManifest(repo, tag != null ? tag : digest, new RegistryClient.Manifest(digest, mediaType, manifest));
        return digest;
    }

    private int status(String digest) throws Exception {
        return stack.registryGet("/v2/" + repo + "/manifests/" + digest, "Accept", String.join(",", Manifests.ALL)).statusCode();
    }

    private Host host() throws Exception {
        return Host.local(Map.of("HOME", dir.toString())).runner((command, output) -> {
            throw new AssertionError("a cleanup ran " + command.display());
        }).workspace(dir).tempDirectory(dir).console(console::add).build();
    }

    @Test
    void anUnwantedMultiArchImageGoesWithItsPlatformImagesWhileAKeptOneStaysWhole() throws Exception {
        String amd = image(null, Duration.ofDays(90));
        String arm = image(null, Duration.ofDays(90));
        String release = index("release", amd, arm);
        String oldAmd = image(null, Duration.ofDays(60));
        String oldArm = image(null, Duration.ofDays(60));
        String oldMulti = index("feature-multi", oldAmd, oldArm);
        String oldFeature = image("feature-old", Duration.ofDays(45));
        String newFeature = image("feature-new", Duration.ofDays(1));
        CleanupPolicy policy = CleanupPolicy.builder().repository(repo).protectedTag("release").taggedOlderThan("30d", "feature-.*").build();

        CleanupReport report = ImageCleanup.run(CleanupRequest.builder(policy).registry(stack.registry())
                .dockerConfig(stack.dockerConfig().toString()).execute(true).build(), host());

        assertTrue(report.succeeded(), report.failures() + "\n" + String.join("\n", console));
        assertEquals(4, report.totals().planned(), String.join("\n", console));
        assertEquals(4, report.totals().deleted(), String.join("\n", console));
        for (String gone : List.of(oldMulti, oldAmd, oldArm, oldFeature)) {
            assertEquals(404, status(gone), "deleted: " + gone);
        }
        for (String kept : List.of(release, amd, arm, newFeature)) {
            assertEquals(200, status(kept), "kept: " + kept);
        }
        assertEquals(List.of("release", "feature-new").stream().sorted().toList(), registry.tags(repo).stream().sorted().toList());
        assertTrue(report.apiCalls().get("manifest DELETE") == 4, report.apiCalls().toString());
    }
}
