package io.jenkins.plugins.ecrpipeline.intermediatebuild;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.ecrpipeline.PipelineException;
import io.jenkins.plugins.ecrpipeline.intermediatebuild.ServiceResult.Outcome;
import io.jenkins.plugins.ecrpipeline.process.CommandRunner;
import io.jenkins.plugins.ecrpipeline.process.Host;
import io.jenkins.plugins.ecrpipeline.process.LocalCommandRunner;
import io.jenkins.plugins.ecrpipeline.report.ReportFile;
import io.jenkins.plugins.ecrpipeline.support.LocalStack;
import io.jenkins.plugins.ecrpipeline.support.LocalStackExtension;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A service's phases in the report, and what the nightly build asks docker per service, against the real Docker
 * engine and registry: every phase timed and in order, digests equal to the registry's, a failed build moving no tag.
 */
@ExtendWith(LocalStackExtension.class)
class ServicePhasesTest {
    private static final String MANIFEST_TYPES = "application/vnd.docker.distribution.manifest.v2+json,"
            + "application/vnd.oci.image.manifest.v1+json";

    @TempDir
    Path workspace;
    private LocalStack stack;
    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void stack(LocalStack localStack) {
        stack = localStack;
    }

    private void project(String service, String dockerfile) throws IOException {
        Path context = Files.createDirectories(workspace.resolve(service));
        Files.writeString(context.resolve("Dockerfile"), dockerfile);
        Files.writeString(workspace.resolve("docker-compose.yml"), "services:\n  " + service + ":\n    build: ./" + service
                + "\n    image: phases-" + id + "/" + service + "\n");
    }

    private String dockerfile(String tail) {
        return "FROM " + stack.baseImage() + "\nRUN echo deps-" + id + " && head -c 1000000 /dev/urandom > /deps\n"
                + "ARG BUILD_DATE\nRUN echo $BUILD_DATE > /built\n" + tail;
    }

    private BuildReport night(BuildRequest.Builder request) throws InterruptedException {
        log.clear();
        Host host = Host.local(Map.of("DOCKER_CONFIG", stack.dockerConfig().toString(), "PATH", System.getenv("PATH")))
                .workspace(workspace).tempDirectory(workspace.resolve("tmp")).console(log::add).build();
        return IntermediateBuild.run(request.build(), host);
    }

    private BuildRequest.Builder request(String buildDate) {
        return BuildRequest.builder().registry(stack.registry()).network("host").docker(stack.docker().toString()).buildDate(buildDate);
    }

    private String image(String tag) {
        return stack.registry() + "/phases-" + id + "/api:" + tag;
    }

    private String registryDigest(String tag) throws Exception {
        HttpResponse<String> response = stack.registryGet("/v2/phases-" + id + "/api/manifests/" + tag, "Accept", MANIFEST_TYPES);
        return response.statusCode() == 200 ? response.headers().firstValue("Docker-Content-Digest").orElseThrow() : null;
    }

    /** The local image ID a name points at, or null when there is no such local image. */
    private String localId(String name) throws Exception {
        Process p = new ProcessBuilder(stack.docker().toString(), "image", "inspect", "--format", "{{.Id}}", name).redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        return p.waitFor() == 0 ? out : null;
    }

    private static List<String> names(ServiceResult result) {
        return result.phases().stream().map(Phase::name).toList();
    }

    @Test
    void theReportTimesEveryPhaseInTheOrderItRan() throws Exception {
        project("api", dockerfile(""));
        BuildReport report = night(request("20261125030000").smokeTests(Map.of("api", "test -s /deps")));

        ServiceResult api = report.services().get(0);
        assertEquals(Outcome.PUSHED, api.outcome(), String.join("\n", log));
        // The first night has no cache image yet, so the cache pass runs; the smoke test comes before any push. Every
        // name was given in the build, so no docker tag or inspect stands between the build and the first push.
        // Docker pushes the dated tag; the moving tag and then the cache tag (the cache pass named the same image with
        // it) point at its digest through the registry's API.
        assertEquals(List.of(Phase.BUILD, Phase.CACHE_PASS, Phase.SMOKE_TEST, Phase.LOGIN_CHECK, Phase.PUSH, Phase.RETAG, Phase.RETAG),
                names(api));
        List<String> named = api.phases().stream().filter(p -> p.name().equals(Phase.PUSH) || p.name().equals(Phase.RETAG)).map(Phase::image)
                .toList();
        assertEquals(List.of(image("intermediate-20261125"), image("intermediate"), image("intermediate-cache")), named,
                "the dated tag, then the moving tag, then the cache");
        assertEquals(api.digest(), registryDigest("intermediate"));
        assertEquals(api.digest(), registryDigest("intermediate-20261125"));
        assertEquals(api.digest(), registryDigest("intermediate-cache"));
        assertEquals(List.of(image("intermediate-20261125"), image("intermediate")), api.tags());
        java.time.Instant previous = report.startedAt();
        for (Phase phase : api.phases()) {
            assertFalse(phase.startedAt().isBefore(previous), "phases overlap or leave the run: " + api.phases());
            assertFalse(phase.finishedAt().isBefore(phase.startedAt()), phase.toString());
            previous = phase.finishedAt();
        }
        assertFalse(previous.isAfter(report.finishedAt()), api.phases().toString());

        // Readers of the JSON get them back; a report without phases (an older writer) reads as none.
        BuildReport read = ReportFile.read(ReportFile.json(report).getBytes(StandardCharsets.UTF_8), BuildReport.class);
        assertEquals(api.phases(), read.services().get(0).phases());
        String old = ReportFile.json(report).replaceAll("(?s),\\s*\"phases\"\\s*:\\s*\\[.*?\\]\\s*}", "}");
        assertFalse(old.contains("\"phases\""), old);
        assertEquals(List.of(), ReportFile.read(old.getBytes(StandardCharsets.UTF_8), BuildReport.class).services().get(0).phases());
    }

    @Test
    void aTagTheRegistryApiCannotSetIsPushedWithDockerInstead() throws Exception {
        project("api", dockerfile(""));
        Host host = Host.local(Map.of("DOCKER_CONFIG", stack.dockerConfig().toString(), "PATH", System.getenv("PATH")))
                .workspace(workspace).tempDirectory(workspace.resolve("tmp")).console(log::add).build();
        BuildPlan plan = IntermediateBuild.plan(request("20261125030000").build(), host);
        List<String> asked = Collections.synchronizedList(new ArrayList<>());
        ServicePipeline pipeline = new ServicePipeline(host.runner(), io.jenkins.plugins.ecrpipeline.docker.DockerClient.named(
                stack.docker().toString(), Map.of()).withNetwork("host"), log::add, plan.settings(), target -> { }, (name, digest) -> {
                    asked.add(name + "@" + digest);
                    throw new io.jenkins.plugins.ecrpipeline.PipelineException("registry refused (planted)");
                }, plan.targets().size());
        ServiceProgress progress = new ServiceProgress(java.time.Clock.systemUTC());

        ServiceResult api = pipeline.run(plan.targets().get(0), progress);

        assertEquals(Outcome.PUSHED, api.outcome(), String.join("\n", log));
        assertEquals(List.of(image("intermediate") + "@" + api.digest(), image("intermediate-cache") + "@" + api.digest()), asked);
        assertEquals(List.of(Phase.BUILD, Phase.CACHE_PASS, Phase.LOGIN_CHECK, Phase.PUSH, Phase.RETAG, Phase.PUSH, Phase.RETAG, Phase.PUSH),
                progress.phases().phases().stream().map(Phase::name).toList());
        assertEquals(api.digest(), registryDigest("intermediate"), "docker pushed the moving tag after the refusal");
        assertEquals(api.digest(), registryDigest("intermediate-cache"));
        assertTrue(log.stream().anyMatch(l -> l.contains("could not tag " + image("intermediate") + " through the registry's API (registry refused "
                + "(planted)); pushing it with docker instead")), String.join("\n", log));
    }

    @Test
    void dockerIsAskedWhileTheComposeFileIsReadAndAPlanErrorStillComesFirst() throws Exception {
        project("api", dockerfile(""));
        Map<String, String> environment = Map.of("DOCKER_CONFIG", stack.dockerConfig().toString(), "PATH", System.getenv("PATH"));
        CountDownLatch dockerAsked = new CountDownLatch(1);
        CommandRunner local = new LocalCommandRunner(environment);
        CommandRunner watched = (command, output) -> {
            if (command.arguments().contains("version")) {
                dockerAsked.countDown();
            }
            return local.run(command, output);
        };
        // With no build date given, the plan reads the clock to date the night; this clock answers once docker has been asked.
        Clock afterDockerWasAsked = new Clock() {
            @Override
            public Instant instant() {
                try {
                    if (!dockerAsked.await(10, TimeUnit.SECONDS)) {
                        throw new AssertionError("the plan was made before docker was asked for its version");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
                return Instant.now();
            }

            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }
        };
        Host host = Host.local(environment).runner(watched).clock(afterDockerWasAsked).workspace(workspace).tempDirectory(workspace.resolve("tmp"))
                .console(log::add).build();

        BuildReport report = IntermediateBuild.run(BuildRequest.builder().registry(stack.registry()).network("host")
                .docker(stack.docker().toString()).build(), host);

        assertTrue(report.succeeded(), String.join("\n", log));
        PipelineException planError = assertThrows(PipelineException.class, () -> IntermediateBuild.run(
                request("20261125030000").docker(workspace.resolve("no-docker").toString()).services(List.of("web")).build(), host));
        assertTrue(planError.getMessage().contains("web"), planError.getMessage());
    }

    @Test
    void theImageSizesAreAskedWhileTheLastPushRunsNotAfterIt() throws Exception {
        project("api", dockerfile(""));
        Map<String, String> environment = Map.of("DOCKER_CONFIG", stack.dockerConfig().toString(), "PATH", System.getenv("PATH"));
        record Ran(List<String> arguments, long started, long ended) {
        }
        List<Ran> ran = Collections.synchronizedList(new ArrayList<>());
        CommandRunner local = new LocalCommandRunner(environment);
        CommandRunner timed = (command, output) -> {
            long started = System.nanoTime();
            try {
                return local.run(command, output);
            } finally {
                ran.add(new Ran(command.arguments(), started, System.nanoTime()));
            }
        };
        Host host = Host.local(environment).runner(timed).workspace(workspace).tempDirectory(workspace.resolve("tmp")).console(log::add).build();

        BuildReport report = IntermediateBuild.run(request("20261125030000").build(), host);

        assertTrue(report.succeeded(), String.join("\n", log));
        List<Ran> inspects = ran.stream().filter(r -> r.arguments().subList(1, 3).equals(List.of("image", "inspect"))).toList();
        List<Ran> pushes = ran.stream().filter(r -> r.arguments().get(1).equals("push")).toList();
        assertEquals(1, inspects.size(), ran.toString());
        long lastPushEnded = pushes.stream().mapToLong(Ran::ended).max().orElseThrow();
        assertTrue(inspects.get(0).started() < lastPushEnded, "the sizes were asked after the last push: " + ran);
        assertTrue(report.services().get(0).sizeBytes() > 1_000_000, "size of an image holding 1 MB: " + report.services().get(0).sizeBytes());
    }

    @Test
    void theReportedDigestAndImageIdAreTheRegistrysAndTheDaemons() throws Exception {
        project("api", dockerfile(""));
        BuildReport report = night(request("20261125030000"));

        ServiceResult api = report.services().get(0);
        assertEquals(Outcome.PUSHED, api.outcome(), String.join("\n", log));
        assertNotNull(api.digest());
        assertEquals(api.digest(), registryDigest("intermediate"));
        assertEquals(api.digest(), registryDigest("intermediate-20261125"));
        assertEquals(localId(image("intermediate")), api.imageId());
        assertTrue(api.sizeBytes() > 1_000_000, "size of an image holding 1 MB: " + api.sizeBytes());
    }

    @Test
    void aFailedBuildMovesNoTagInTheRegistryOrOnTheAgent() throws Exception {
        project("api", dockerfile(""));
        BuildReport good = night(request("20261124030000"));
        assertTrue(good.succeeded(), String.join("\n", log));
        String goodDigest = registryDigest("intermediate");
        String goodCache = registryDigest("intermediate-cache");
        String goodId = localId(image("intermediate"));
        assertEquals(good.services().get(0).imageId(), goodId);

        Files.writeString(workspace.resolve("api/Dockerfile"), dockerfile("RUN echo broken-" + id + " && exit 3\n"));
        BuildReport broken = night(request("20261125030000"));

        assertEquals(Outcome.BUILD_FAILED, broken.services().get(0).outcome(), String.join("\n", log));
        assertEquals(goodDigest, registryDigest("intermediate"));
        assertEquals(goodCache, registryDigest("intermediate-cache"));
        assertNull(registryDigest("intermediate-20261125"));
        assertEquals(goodId, localId(image("intermediate")), "the local moving tag keeps the last good image");
        assertNull(localId(image("intermediate-20261125")), "no local dated tag for a failed build");
        assertNotEquals(List.of(), broken.services().get(0).phases(), "the failed build is in the report as a phase");
    }
}
