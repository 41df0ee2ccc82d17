package io.jenkins.plugins.ecrpipeline.intermediatebuild;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.ecrpipeline.intermediatebuild.ServiceResult.Outcome;
import io.jenkins.plugins.ecrpipeline.process.Host;
import io.jenkins.plugins.ecrpipeline.support.LocalStack;
import io.jenkins.plugins.ecrpipeline.support.LocalStackExtension;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nightly build against the real Docker engine and registry: the registry cache on a fresh agent, night after
 * night; smoke tests, timeouts, fail-fast and interrupts never moving a tag they should not; dated tags and labels.
 */
@ExtendWith(LocalStackExtension.class)
class NightlyCacheAndSafetyTest {
    private static final String MANIFEST_TYPES = "application/vnd.docker.distribution.manifest.v2+json,"
            + "application/vnd.oci.image.manifest.v1+json";

    @TempDir
    Path workspace;
    private LocalStack stack;
    /** Unique per test: a new repository prefix and new dependency steps, so no earlier run's cache can answer. */
    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void stack(LocalStack localStack) {
        stack = localStack;
    }

    private Host host() {
        return Host.local(Map.of("DOCKER_CONFIG", stack.dockerConfig().toString(), "PATH", System.getenv("PATH")))
                .workspace(workspace).tempDirectory(workspace.resolve("tmp"))
                .console(log::add).build();
    }

    /** A compose project; each service's Dockerfile is given whole. */
    private void project(String... serviceAndDockerfile) throws IOException {
        StringBuilder yaml = new StringBuilder("services:\n");
        for (int i = 0; i < serviceAndDockerfile.length; i += 2) {
            Path context = Files.createDirectories(workspace.resolve(serviceAndDockerfile[i]));
            Files.writeString(context.resolve("Dockerfile"), serviceAndDockerfile[i + 1]);
            yaml.append("  ").append(serviceAndDockerfile[i]).append(":\n    build: ./").append(serviceAndDockerfile[i])
                    .append("\n    image: nightly-").append(id).append('/').append(serviceAndDockerfile[i]).append('\n');
        }
        Files.writeString(workspace.resolve("docker-compose.yml"), yaml);
    }

    private String dependencySteps(String service) {
        return "FROM " + stack.baseImage() + "\nRUN echo deps-" + id + "-" + service + " && sleep 2 && head -c 3000000 /dev/urandom > /deps\n"
                + "ARG BUILD_DATE\nRUN echo $BUILD_DATE > /built\n";
    }

    private BuildRequest.Builder request(String buildDate) {
        return BuildRequest.builder().registry(stack.registry()).network("host").docker(stack.docker().toString()).buildDate(buildDate);
    }

    private BuildReport night(BuildRequest.Builder request) throws InterruptedException {
        log.clear();
        return IntermediateBuild.run(request.build(), host());
    }

    private String digest(String service, String tag) throws Exception {
        HttpResponse<String> response = stack.registryGet("/v2/nightly-" + id + "/" + service + "/manifests/" + tag, "Accept", MANIFEST_TYPES);
        return response.statusCode() == 200 ? response.headers().firstValue("Docker-Content-Digest").orElseThrow() : null;
    }

    /** A fresh agent: none of this test's images, and an empty build cache. */
    private void makeAgentFresh() throws Exception {
        List<String> ids = docker("images", "--format", "{{.Repository}} {{.ID}}").stream()
                .filter(l -> l.startsWith(stack.registry() + "/nightly-" + id + "/")).map(l -> l.split(" ")[1]).toList();
        if (!ids.isEmpty()) {
            List<String> rmi = new ArrayList<>(List.of("rmi", "-f"));
            rmi.addAll(ids.stream().distinct().toList());
            docker(rmi.toArray(String[]::new));
        }
        docker("builder", "prune", "-af");
    }

    private List<String> docker(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(stack.docker().toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", command) + ": " + out);
        return out.lines().filter(l -> !l.isBlank()).toList();
    }

    /** Whether the build log says the step whose command contains {@code marker} came from cache ("#N CACHED"). */
    private boolean stepCached(String service, String marker) {
        String prefix = "[" + service + "] ";
        Pattern header = Pattern.compile("#(\\d+) \\[.*\\] RUN .*" + Pattern.quote(marker));
        List<String> lines = log.stream().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length())).toList();
        for (String line : lines) {
            Matcher m = header.matcher(line);
            if (m.find()) {
                return lines.contains("#" + m.group(1) + " CACHED");
            }
        }
        throw new AssertionError("no step with '" + marker + "' in the log of " + service + ":\n" + String.join("\n", log));
    }

    @Test
    void onAFreshAgentOnlyTheLayersAfterTheBuildDateAreRebuiltEveryNight() throws Exception {
        project("api", dependencySteps("api"), "jobs", dependencySteps("jobs"));
        BuildReport first = night(request("20261121030000"));
        assertTrue(first.succeeded(), String.join("\n", log));
        assertFalse(stepCached("api", "deps-" + id), "the first night has nothing to reuse");
        assertTrue(log.stream().anyMatch(l -> l.startsWith("Build cache: BuildKit inline cache")), String.join("\n", log));
        assertCacheRefreshed("api", "no cache image to reuse yet");
        String cache = digest("api", "intermediate-cache");
        assertNotNull(cache, "the first night writes the cache image");

        // Three nights on a fresh agent: with plain inline cache every other night would miss (moby/buildkit#1981).
        for (String date : List.of("20261122030000", "20261123030000", "20261124030000")) {
            makeAgentFresh();
            BuildReport report = night(request(date));
            assertTrue(report.succeeded(), String.join("\n", log));
            for (String service : List.of("api", "jobs")) {
                assertTrue(stepCached(service, "deps-" + id), "night " + date + ": the dependency layer of " + service + " was rebuilt:\n"
                        + String.join("\n", log));
                assertFalse(stepCached(service, "> /built"), "night " + date + ": the build date step must run");
                assertTrue(log.contains("[" + service + "] build cache: current: 1 step(s) from the cache, only the 1 after the build date ran; "
                        + stack.registry() + "/nightly-" + id + "/" + service + ":intermediate-cache stays as it is"), String.join("\n", log));
            }
            assertEquals(cache, digest("api", "intermediate-cache"), "a night that reused the cache leaves it as it is");
            assertEquals(report.services().get(0).digest(), digest("api", "intermediate"), "the moving tag moved");
        }

        // A dependency changes: that night rebuilds it and refreshes the cache, and the next fresh night reuses the new one.
        Files.writeString(workspace.resolve("api/Dockerfile"), dependencySteps("api").replace("sleep 2", "sleep 1"));
        makeAgentFresh();
        assertTrue(night(request("20261125030000")).succeeded(), String.join("\n", log));
        assertFalse(stepCached("api", "deps-" + id), String.join("\n", log));
        assertCacheRefreshed("api", "steps before the build date ran: [2] RUN echo deps-" + id + "-api");
        assertNotEquals(cache, digest("api", "intermediate-cache"), "the changed dependency is in the new cache image");
        makeAgentFresh();
        assertTrue(night(request("20261126030000")).succeeded(), String.join("\n", log));
        assertTrue(stepCached("api", "deps-" + id), "the night after a change reuses the refreshed cache:\n" + String.join("\n", log));
    }

    private void assertCacheRefreshed(String service, String why) {
        String prefix = "[" + service + "] build cache: refreshing " + stack.registry() + "/nightly-" + id + "/" + service + ":intermediate-cache (" + why;
        assertTrue(log.stream().anyMatch(l -> l.startsWith(prefix)), "expected a line starting with " + prefix + "\n" + String.join("\n", log));
    }

    @Test
    void aFailingSmokeTestBlocksOnlyThatServicesPushAndShowsItsOutput() throws Exception {
        project("api", dependencySteps("api"), "jobs", dependencySteps("jobs"));
        BuildReport report = night(request("20261125030000").smokeTests(Map.of("api", "test -s /deps && cat /built",
                "jobs", "echo checking jobs; ls /app/bin/jobs")));

        ServiceResult api = report.services().get(0);
        ServiceResult jobs = report.services().get(1);
        assertEquals(Outcome.PUSHED, api.outcome(), String.join("\n", log));
        assertEquals(Outcome.SMOKE_TEST_FAILED, jobs.outcome(), String.join("\n", log));
        assertTrue(jobs.failure().contains("No such file or directory") && jobs.failure().contains("not pushed"), jobs.failure());
        assertTrue(log.contains("[api] smoke| 20261125030000"), String.join("\n", log));
        assertTrue(log.contains("[jobs] smoke| checking jobs"), String.join("\n", log));
        assertNotNull(digest("api", "intermediate"));
        assertNull(digest("jobs", "intermediate"), "a service whose smoke test failed must not be pushed");
        assertNull(digest("jobs", "intermediate-20261125"));
    }

    @Test
    void theDatedTagAndTheMovingTagServeOneDigestAndTheImageCarriesOciLabels() throws Exception {
        project("api", dependencySteps("api"));
        Files.createDirectories(workspace.resolve(".git/refs/heads"));
        Files.writeString(workspace.resolve(".git/HEAD"), "ref: refs/heads/main\n");
        Files.writeString(workspace.resolve(".git/refs/heads/main"), "0123456789abcdef0123456789abcdef01234567\n");
        Files.writeString(workspace.resolve(".git/config"), "[core]\n\tbare = false\n[remote \"origin\"]\n\turl = https://builder:s3cr3t@git.example/team/app.git\n");

        BuildReport report = night(request("20261125030000"));

        ServiceResult api = report.services().get(0);
        assertEquals(Outcome.PUSHED, api.outcome(), String.join("\n", log));
        String image = stack.registry() + "/nightly-" + id + "/api";
        assertEquals(List.of(image + ":intermediate-20261125", image + ":intermediate"), api.tags());
        assertEquals(api.digest(), digest("api", "intermediate"));
        assertEquals(api.digest(), digest("api", "intermediate-20261125"));
        List<String> labels = docker("image", "inspect", "--format",
                "{{index .Config.Labels \"org.opencontainers.image.created\"}} {{index .Config.Labels \"org.opencontainers.image.revision\"}} "
                        + "{{index .Config.Labels \"org.opencontainers.image.source\"}}", image + ":intermediate");
        assertEquals(List.of("2026-11-25T03:00:00Z 0123456789abcdef0123456789abcdef01234567 https://git.example/team/app.git"), labels);
        assertFalse(String.join("\n", log).contains("s3cr3t"), "a token in the clone URL must not reach the log");
    }

    @Test
    void aServiceThatOutlivesItsTimeoutIsStoppedAndItsTagsStay() throws Exception {
        project("api", dependencySteps("api"));
        assertTrue(night(request("20261124030000")).succeeded(), String.join("\n", log));
        String good = digest("api", "intermediate");
        Files.writeString(workspace.resolve("api/Dockerfile"), dependencySteps("api") + "RUN echo slow-" + id + " && sleep 120\n");

        long start = System.nanoTime();
        BuildReport report = night(request("20261125030000").serviceTimeout(Duration.ofSeconds(4)));

        ServiceResult api = report.services().get(0);
        assertEquals(Outcome.TIMED_OUT, api.outcome(), String.join("\n", log));
        assertTrue(api.failure().contains("timed out after 4.0s (during the build); its tags were not moved"), api.failure());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(60)) < 0, "the timeout must stop the build");
        assertEquals(good, digest("api", "intermediate"));
        assertNull(digest("api", "intermediate-20261125"));
        assertNoProcessMentions("nightly-" + id);
    }

    @Test
    void failFastCancelsRunningServicesAndStartsNoMore() throws Exception {
        project("broken", "FROM " + stack.baseImage() + "\nRUN echo broken-" + id + " && exit 3\n",
                "slow", "FROM " + stack.baseImage() + "\nRUN echo slow-" + id + " && sleep 120\n",
                "later", dependencySteps("later"));

        BuildReport report = night(request("20261125030000").failFast(true).parallelism(2));

        assertEquals(List.of(Outcome.BUILD_FAILED, Outcome.CANCELLED, Outcome.SKIPPED),
                report.services().stream().map(ServiceResult::outcome).toList(), String.join("\n", log));
        assertTrue(report.services().get(1).failure().contains("cancelled because broken failed (fail-fast)"), report.services().get(1).failure());
        assertTrue(report.services().get(2).failure().startsWith("not started: "), report.services().get(2).failure());
        assertNull(digest("slow", "intermediate"));
        assertNoProcessMentions("nightly-" + id);
    }

    @Test
    void anInterruptedRunStopsItsDockerProcessesAndLeavesEveryPreviousTagInPlace() throws Exception {
        project("api", dependencySteps("api"), "jobs", dependencySteps("jobs"));
        assertTrue(night(request("20261124030000")).succeeded(), String.join("\n", log));
        String api = digest("api", "intermediate");
        String jobs = digest("jobs", "intermediate");
        for (String service : List.of("api", "jobs")) {
            Files.writeString(workspace.resolve(service + "/Dockerfile"), dependencySteps(service) + "RUN echo slow-" + id + " && sleep 120\n");
        }
        AtomicReference<Throwable> ended = new AtomicReference<>();
        Thread run = new Thread(() -> {
            try {
                night(request("20261125030000"));
            } catch (Throwable t) {
                ended.set(t);
            }
        });
        run.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        // A copy (toArray is synchronized): the run's threads add lines while this one reads.
        while (new ArrayList<>(log).stream().filter(l -> l.contains("RUN echo slow-" + id)).count() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        run.interrupt();
        run.join(Duration.ofSeconds(40).toMillis());

        assertFalse(run.isAlive(), "the run must end after an interrupt");
        assertTrue(ended.get() instanceof InterruptedException, "the interrupt is passed on, not turned into a result: " + ended.get());
        assertEquals(api, digest("api", "intermediate"));
        assertEquals(jobs, digest("jobs", "intermediate"));
        assertNull(digest("api", "intermediate-20261125"));
        assertNoProcessMentions("nightly-" + id);
    }

    @Test
    void aProductionBuildStartsFromTheFreshIntermediateImage() throws Exception {
        project("api", dependencySteps("api"));
        assertTrue(night(request("20261124030000")).succeeded(), String.join("\n", log));
        Path production = Files.createDirectories(workspace.resolve("production"));
        Files.writeString(production.resolve("Dockerfile"), "ARG REGISTRY\nFROM ${REGISTRY}/nightly-" + id + "/api:intermediate\n"
                + "RUN cp /built /production-of\n");
        Files.writeString(production.resolve("docker-compose.yml"), "services:\n  api:\n    build:\n      context: .\n      args:\n"
                + "        REGISTRY: " + stack.registry() + "\n    image: nightly-" + id + "/api\n");
        BuildRequest.Builder productionBuild = request(null).composeFile("production/docker-compose.yml").tag("production")
                .buildDateArg(null).datedTag(null).pull(true);
        assertTrue(night(productionBuild).succeeded(), String.join("\n", log));

        // The next night moves :intermediate; the production build must take the new one, not a local copy.
        assertTrue(night(request("20261125030000")).succeeded(), String.join("\n", log));
        docker("tag", stack.baseImage(), stack.registry() + "/nightly-" + id + "/api:intermediate");
        BuildReport report = night(productionBuild);

        assertTrue(report.succeeded(), String.join("\n", log));
        List<String> content = docker("run", "--rm", "--network", "none", "--entrypoint", "cat", stack.registry() + "/nightly-" + id
                + "/api:production", "/production-of");
        assertEquals(List.of("20261125030000"), content);
    }

    private static void assertNoProcessMentions(String marker) throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<String> found;
        do {
            found = new ArrayList<>();
            try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
                for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                    try {
                        String cmdline = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
                        if (cmdline.contains("docker") && cmdline.contains(marker)) {
                            found.add(p.getFileName() + ": " + cmdline);
                        }
                    } catch (IOException gone) {
                        // The process ended while we looked.
                    }
                }
            }
        } while (!found.isEmpty() && System.nanoTime() < deadline);
        assertTrue(found.isEmpty(), "docker processes outlived the run: " + found);
    }
}
