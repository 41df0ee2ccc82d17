package io.jenkins.plugins.ecrpipeline.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.ecrpipeline.support.LocalStack;
import io.jenkins.plugins.ecrpipeline.support.LocalStackExtension;
import java.net.http.HttpResponse;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The README's main command, {@code scripts/nightly-example}, run twice in a row with the packaged jar: both runs
 * succeed, and the local ECR's registry (read through its HTTP API, with a password from GetAuthorizationToken)
 * then holds every *-production and *-qa service under {@code intermediate}, with the digest the second run
 * reported.
 */
@ExtendWith(LocalStackExtension.class)
class NightlyExampleIT {
    private static final List<String> SELECTED = List.of("web-production", "web-qa", "worker-production", "worker-qa");
    private static final String ACCEPT = "application/vnd.docker.distribution.manifest.v2+json,application/vnd.oci.image.manifest.v1+json";

    @Test
    void readmeMainCommandSucceedsTwiceAndTheRegistryHoldsEverySelectedService(LocalStack stack) throws Exception {
        Map<String, String> first = runNightlyExample(stack);
        Map<String, String> second = runNightlyExample(stack);

        LocalEcrRegistry registry = LocalEcrRegistry.of(URI.create("http://127.0.0.1:4590"));
        for (String service : SELECTED) {
            HttpResponse<String> tags = registry.get(service, "/tags/list");
            assertEquals(200, tags.statusCode(), service + " tags: " + tags.body());
            assertTrue(new ObjectMapper().readTree(tags.body()).get("tags").toString().contains("\"intermediate\""), tags.body());

            HttpResponse<String> manifest = registry.get(service, "/manifests/intermediate", "Accept", ACCEPT);
            assertEquals(second.get(service), manifest.headers().firstValue("Docker-Content-Digest").orElseThrow(),
                    service + ": the registry serves what the second run pushed");
            assertNotEquals(first.get(service), second.get(service), service + ": a new BUILD_DATE gives a new image every night");
        }
    }

    /** Runs the script and returns service to pushed digest from the report it leaves. */
    private static Map<String, String> runNightlyExample(LocalStack stack) throws Exception {
        Process process = new ProcessBuilder("scripts/nightly-example").directory(stack.projectDir().toFile())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), output);
        assertTrue(output.contains("4 service(s): 4 succeeded, 0 failed"), output);
        for (String service : SELECTED) {
            assertTrue(output.lines().anyMatch(l -> l.strip().matches(service + "\\s+intermediate\\s+sha256:[0-9a-f]{64}")),
                    "listing shows " + service + ":\n" + output);
        }

        JsonNode report = new ObjectMapper().readTree(Files.readString(stack.projectDir().resolve("target/nightly-report.json")));
        Map<String, String> digests = new HashMap<>();
        report.get("services").forEach(s -> digests.put(s.get("service").asText(), s.get("digest").asText()));
        assertEquals(SELECTED.stream().sorted().toList(), digests.keySet().stream().sorted().toList(),
                "exactly the services named -production or -qa, not base, web-development or db");
        return digests;
    }

    @Test
    void packagedJarExplainsItself() throws Exception {
        Path jar = Path.of("target/ecr-image-pipeline.jar"); // engine/target, where the tests run
        Process process = new ProcessBuilder("java", "-jar", jar.toString(), "build", "--help").redirectErrorStream(true).start();
        String help = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), help);
        assertTrue(help.contains("--pattern=REGEX") && help.contains("BUILD_DATE") && help.contains("Exit codes"), help);
    }
}
