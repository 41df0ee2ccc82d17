package io.jenkins.plugins.ecrpipeline.intermediatebuild;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.ecrpipeline.process.Host;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A push that fails for a reason that may pass is tried again with backoff; a refusal is not. The registry's answers
 * come from a docker stand-in whose push fails a given number of times, then succeeds.
 */
class PushRetryTest {
    private static final String DIGEST = "sha256:" + "c".repeat(64);

    @TempDir
    Path dir;

    private final List<String> log = Collections.synchronizedList(new ArrayList<>());

    /** A docker client stand-in: version, build and inspect succeed; push fails {@code failures} times with {@code error}. */
    private Path docker(int failures, String error) throws Exception {
        Path pushes = dir.resolve("pushes");
        Path docker = dir.resolve("docker");
        Files.writeString(docker, """
                #!/bin/sh
                case "$*" in
                  *version*) echo 20.10.24 ;;
                  *build*) echo built ;;
                  *inspect*) echo "sha256:0123 42" ;;
                  *push*)
                    echo x >> "%s"
                    if [ "$(wc -l < "%s")" -le %d ]; then echo "%s"; exit 1; fi
                    echo "intermediate: digest: %s size: 528" ;;
                esac
                """.formatted(pushes, pushes, failures, error, DIGEST));
        docker.toFile().setExecutable(true);
        Files.createDirectories(dir.resolve("web-production"));
        Files.writeString(dir.resolve("web-production/Dockerfile"), "FROM scratch\n");
        Files.writeString(dir.resolve("docker-compose.yml"), "services:\n  web-production:\n    build: ./web-production\n");
        return docker;
    }

    private BuildReport build(Path docker) throws Exception {
        Host host = Host.local(Map.of("PATH", System.getenv("PATH"))).workspace(dir).tempDirectory(dir).console(log::add).build();
        // The registry only has to answer the reachability probe; the stand-in does the pushing.
        com.sun.net.httpserver.HttpServer registry = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        registry.createContext("/v2/", exchange -> {
            exchange.sendResponseHeaders(401, -1);
            exchange.close();
        });
        registry.start();
        try {
            return IntermediateBuild.run(BuildRequest.builder().docker(docker.toString())
                    .registry("127.0.0.1:" + registry.getAddress().getPort()).datedTag(null)
                    // One push per attempt: no cache image (the stand-in prints no BuildKit output to judge a cache by).
                    .registryCache(false).build(), host);
        } finally {
            registry.stop(0);
        }
    }

    private long pushes() throws Exception {
        return Files.readAllLines(dir.resolve("pushes")).size();
    }

    @Test
    void aPushThatFailsTwiceWithA503ThenSucceedsIsPushed() throws Exception {
        BuildReport report = build(docker(2, "received unexpected HTTP status: 503 Service Unavailable"));

        ServiceResult result = report.services().get(0);
        assertEquals(ServiceResult.Outcome.PUSHED, result.outcome(), String.join("\n", log));
        assertEquals(DIGEST, result.digest());
        assertEquals(3, pushes());
        List<String> retries = log.stream().filter(l -> l.startsWith("[web-production] push failed")).toList();
        assertEquals(2, retries.size(), String.join("\n", log));
        assertTrue(retries.get(0).startsWith("[web-production] push failed (attempt 1 of 3): received unexpected HTTP status: 503 "
                + "Service Unavailable; the registry may recover, retrying in 2"), retries.get(0));
        assertTrue(retries.get(1).startsWith("[web-production] push failed (attempt 2 of 3)") && retries.get(1).contains("retrying in 4"),
                retries.get(1));
    }

    @Test
    void aRefusalIsNotRetried() throws Exception {
        BuildReport report = build(docker(5, "denied: requested access to the resource is denied"));

        assertEquals(ServiceResult.Outcome.PUSH_FAILED, report.services().get(0).outcome());
        assertEquals(1, pushes());
    }

    @Test
    void aFailureThatOutlastsTheAttemptsFailsTheServiceAfterThem() throws Exception {
        BuildReport report = build(docker(5, "Get \"https://registry/v2/\": net/http: TLS handshake timeout"));

        assertEquals(ServiceResult.Outcome.PUSH_FAILED, report.services().get(0).outcome());
        assertEquals(3, pushes());
    }
}
