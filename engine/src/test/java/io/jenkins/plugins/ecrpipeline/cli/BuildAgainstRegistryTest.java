package io.jenkins.plugins.ecrpipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.ecrpipeline.process.LocalCommandRunner;
import io.jenkins.plugins.ecrpipeline.support.LocalStack;
import io.jenkins.plugins.ecrpipeline.support.LocalStackExtension;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The build command against the real Docker engine and the real registry of the local stack. */
@ExtendWith(LocalStackExtension.class)
class BuildAgainstRegistryTest {
    private static final String MANIFEST_TYPES = "application/vnd.docker.distribution.manifest.v2+json,"
            + "application/vnd.oci.image.manifest.v1+json,application/vnd.docker.distribution.manifest.list.v2+json,"
            + "application/vnd.oci.image.index.v1+json";

    @TempDir
    Path dir;

    /** A unique repository prefix per test, so tests never see each other's images. */
    private final String prefix = "test-" + UUID.randomUUID().toString().substring(0, 8);

    private Path project(String... servicesAndDockerfiles) throws IOException {
        StringBuilder yaml = new StringBuilder("services:\n");
        for (int i = 0; i < servicesAndDockerfiles.length; i += 2) {
            String service = servicesAndDockerfiles[i];
            Path context = Files.createDirectories(dir.resolve(service));
            Files.writeString(context.resolve("Dockerfile"), servicesAndDockerfiles[i + 1]);
            yaml.append("  ").append(service).append(":\n    build: ./").append(service)
                    .append("\n    image: ").append(prefix).append("/").append(service).append(":latest\n");
        }
        Path file = dir.resolve("docker-compose.yml");
        Files.writeString(file, yaml);
        return file;
    }

    private static CliRun build(LocalStack stack, Path dockerConfig, Path composeFile, String... more) {
        List<String> args = new ArrayList<>(List.of("build", "--compose", composeFile.toString(), "--registry", stack.registry(),
                "--docker", stack.docker().toString(), "--network", "host"));
        args.addAll(List.of(more));
        return CliRun.run(Map.of(), new LocalCommandRunner(Map.of("DOCKER_CONFIG", dockerConfig.toString())),
                args.toArray(String[]::new));
    }

    private String registryDigest(LocalStack stack, String repository, String tag) throws Exception {
        HttpResponse<String> response = stack.registryGet("/v2/" + repository + "/manifests/" + tag, "Accept", MANIFEST_TYPES);
        return response.statusCode() == 200 ? response.headers().firstValue("Docker-Content-Digest").orElseThrow() : null;
    }

    @Test
    void pushesEveryServiceAndReportsTheRegistryDigest(LocalStack stack) throws Exception {
        Path file = project("api", "FROM local/busybox:latest\nRUN echo api > /api\n", "jobs", "FROM local/busybox:latest\nRUN echo jobs > /jobs\n");
        Path report = dir.resolve("out/report.json");

        CliRun run = build(stack, stack.dockerConfig(), file, "--report", report.toString());

        assertEquals(0, run.exitCode(), run.out() + run.err());
        for (String service : List.of("api", "jobs")) {
            String digest = registryDigest(stack, prefix + "/" + service, "intermediate");
            assertTrue(digest != null && run.out().contains(digest), service + " digest " + digest + " in output:\n" + run.out());
            assertTrue(Files.readString(report).contains(digest), "report holds " + digest);
        }
        assertTrue(run.out().contains("2 service(s): 2 succeeded, 0 failed"), run.out());
    }

    @Test
    void failedBuildKeepsTheGoodImageUnderTheTagAndOtherServicesStillPush(LocalStack stack) throws Exception {
        Path file = project("good", "FROM local/busybox:latest\nARG BUILD_DATE\nRUN echo $BUILD_DATE > /d\n",
                "flaky", "FROM local/busybox:latest\nARG BUILD_DATE\nRUN echo $BUILD_DATE > /d\n");
        assertEquals(0, build(stack, stack.dockerConfig(), file, "--build-date", "a" + System.nanoTime()).exitCode());
        String goodBefore = registryDigest(stack, prefix + "/good", "intermediate");
        String flakyBefore = registryDigest(stack, prefix + "/flaky", "intermediate");

        Files.writeString(dir.resolve("flaky/Dockerfile"), "FROM local/busybox:latest\nARG BUILD_DATE\nRUN echo broken && exit 3\n");
        CliRun run = build(stack, stack.dockerConfig(), file, "--build-date", "b" + System.nanoTime());

        assertEquals(1, run.exitCode(), run.out() + run.err());
        assertTrue(run.err().contains("error: flaky: docker build exited with 1"), run.err());
        assertEquals(flakyBefore, registryDigest(stack, prefix + "/flaky", "intermediate"), "the failed service's tag is untouched");
        assertNotEquals(goodBefore, registryDigest(stack, prefix + "/good", "intermediate"), "the other service was rebuilt and pushed");
        assertTrue(run.out().contains("2 service(s): 1 succeeded, 1 failed"), run.out());
    }

    @Test
    void buildDateRerunsOnlyTheStepsAfterItsArg(LocalStack stack) throws Exception {
        Path file = project("cached", """
                FROM local/busybox:latest
                RUN echo dependencies > /deps
                ARG BUILD_DATE
                RUN echo refreshed $BUILD_DATE > /refreshed
                """);
        // The daemon's build cache outlives test runs: dates unique to this run keep the test honest.
        String firstNight = "1" + System.nanoTime();
        String secondNight = "2" + System.nanoTime();
        assertEquals(0, build(stack, stack.dockerConfig(), file, "--no-push", "--build-date", firstNight).exitCode());

        CliRun again = build(stack, stack.dockerConfig(), file, "--no-push", "--build-date", secondNight);

        assertEquals(0, again.exitCode(), again.out() + again.err());
        assertTrue(stepWasCached(again.out(), "RUN echo dependencies"), "layer before ARG BUILD_DATE reused:\n" + again.out());
        assertFalse(stepWasCached(again.out(), "RUN echo refreshed"), "step after ARG BUILD_DATE reran:\n" + again.out());
        assertTrue(again.out().contains("BUILD_DATE=" + secondNight), again.out());
    }

    /** BuildKit's plain progress: "#5 [2/3] RUN ..." then "#5 CACHED" when the layer was reused. */
    private static boolean stepWasCached(String output, String step) {
        Matcher m = Pattern.compile("#(\\d+) \\[[^]]*] " + Pattern.quote(step)).matcher(output);
        return m.find() && output.contains("#" + m.group(1) + " CACHED");
    }

    @Test
    void neverRunsMoreServicesAtOnceThanAllowed(LocalStack stack) throws Exception {
        String slow = "FROM local/busybox:latest\nARG BUILD_DATE\nRUN sleep 1\n";
        Path file = project("one", slow, "two", slow, "three", slow);

        CliRun run = build(stack, stack.dockerConfig(), file, "--no-push", "--parallel", "2");

        assertEquals(0, run.exitCode(), run.out() + run.err());
        int running = 0;
        int peak = 0;
        for (String line : run.out().lines().toList()) {
            if (line.matches("\\[\\w+] build started: .*")) {
                peak = Math.max(peak, ++running);
            } else if (line.matches("\\[\\w+] (finished|FAILED) in .*")) {
                running--;
            }
        }
        assertEquals(2, peak, "at most --parallel services at once, and that many used:\n" + run.out());
    }

    @Test
    void unreachableRegistryIsReportedBeforeAnyBuild(LocalStack stack) throws Exception {
        Path file = project("web", "FROM local/busybox:latest\n");
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        CliRun run = CliRun.run(Map.of(), "build", "--compose", file.toString(), "--registry", "127.0.0.1:" + closedPort,
                "--docker", stack.docker().toString());

        assertEquals(2, run.exitCode(), run.out() + run.err());
        assertTrue(run.err().contains("registry 127.0.0.1:" + closedPort + " is unreachable"), run.err());
        assertFalse(run.out().contains("build started"), "nothing was built:\n" + run.out());
    }

    @Test
    void pushWithoutLoginIsRefusedWithAHint(LocalStack stack) throws Exception {
        Path file = project("web", "FROM local/busybox:latest\nLABEL purpose=refused-push\n");
        Path emptyConfig = Files.createDirectories(dir.resolve("empty-docker-config"));

        CliRun run = build(stack, emptyConfig, file);

        assertEquals(1, run.exitCode(), run.out() + run.err());
        assertTrue(run.err().contains("error: web: docker push " + stack.registry() + "/" + prefix + "/web:intermediate-"), run.err());
        assertTrue(run.err().contains("refused the push: log in first"), run.err());
        assertEquals(null, registryDigest(stack, prefix + "/web", "intermediate"), "nothing reached the registry");
    }

    @Test
    void dockerClientWithoutBuildKitIsNamedWithTheFix(LocalStack stack) throws Exception {
        Path file = project("web", "FROM local/busybox:latest\n");
        // A stand-in client that reports a modern version and has no buildx, like the docker 28 client here.
        Path fakeDocker = dir.resolve("docker");
        Files.writeString(fakeDocker, "#!/bin/sh\n[ \"$1\" = version ] && { echo 28.2.2; exit 0; }\necho \"unknown command: docker $1\" >&2\nexit 1\n");
        fakeDocker.toFile().setExecutable(true);

        CliRun run = CliRun.run(Map.of(), "build", "--compose", file.toString(), "--no-push", "--docker", fakeDocker.toString());

        assertEquals(2, run.exitCode(), run.out() + run.err());
        assertTrue(run.err().contains("has no buildx plugin") && run.err().contains("/usr/bin/docker"), run.err());
    }
}
