package io.jenkins.plugins.ecrpipeline.intermediatebuild;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.ecrpipeline.aws.AwsSessionSettings;
import io.jenkins.plugins.ecrpipeline.ecr.EcrAuthorizationRequest;
import io.jenkins.plugins.ecrpipeline.localaws.LocalEcrExtension;
import io.jenkins.plugins.ecrpipeline.localaws.LocalEcrFixture;
import io.jenkins.plugins.ecrpipeline.process.Host;
import io.jenkins.plugins.ecrpipeline.support.LocalStack;
import io.jenkins.plugins.ecrpipeline.support.LocalStackExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The nightly build through the engine's entry points, as the Jenkins steps call it: no CLI in between. */
@ExtendWith({LocalStackExtension.class, LocalEcrExtension.class})
class IntermediateBuildTest {
    @TempDir
    Path workspace;

    private Host host(Map<String, String> environment, List<String> log) {
        return Host.local(environment).workspace(workspace).tempDirectory(workspace.resolve("tmp"))
                .console(line -> { synchronized (log) { log.add(line); } }).build();
    }

    private void service(String name, String baseImage) throws Exception {
        Files.createDirectories(workspace.resolve(name));
        Files.writeString(workspace.resolve(name).resolve("Dockerfile"), "FROM " + baseImage + "\nARG BUILD_DATE\nRUN echo " + name
                + " $BUILD_DATE > /built\n");
    }

    @Test
    void theNightlyPatternSelectsWhatTheOriginalGrepSelected() throws Exception {
        StringBuilder yaml = new StringBuilder("services:\n");
        for (String name : List.of("web-production", "web-qa", "reports-production-worker", "web-development", "base")) {
            service(name, "scratch");
            yaml.append("  ").append(name).append(":\n    build: ./").append(name).append('\n');
        }
        Files.writeString(workspace.resolve("docker-compose.yml"), yaml);
        BuildPlan plan = IntermediateBuild.plan(BuildRequest.builder().pattern(BuildRequest.NIGHTLY_PATTERN).registry("registry.example:5000")
                .buildDate("20261125030000").parallelism(3).build(), host(Map.of(), new ArrayList<>()));

        assertEquals(List.of("web-production", "web-qa", "reports-production-worker"), plan.targets().stream().map(BuildTarget::service).toList());
        assertEquals("registry.example:5000/reports-production-worker:intermediate", plan.targets().get(2).image().toString());
        assertEquals(Map.of("BUILD_DATE", "20261125030000"), plan.targets().get(0).buildArgs());
        String table = String.join("\n", plan.table());
        assertTrue(table.startsWith("ORDER  SERVICE"), table);
        // Independent services share order 1: they build in parallel.
        assertTrue(table.matches("(?s).*\\n1 +reports-production-worker +registry\\.example:5000/reports-production-worker:intermediate +"
                + "intermediate-20261125 +- +BUILD_DATE=20261125030000\\n.*"), table);
    }

    @Test
    void withNoClientNamedTheBuildPicksOneWithBuildKitAndSaysWhy(LocalStack stack) throws Exception {
        // First on the PATH: a client of the 23+ kind without the buildx plugin (as on this machine's image).
        Path bin = Files.createDirectories(workspace.resolve("bin"));
        Files.writeString(bin.resolve("docker"), "#!/bin/sh\ncase \"$*\" in *version*--format*) echo 28.2.2 ;; *) exit 1 ;; esac\n");
        bin.resolve("docker").toFile().setExecutable(true);
        service("api-production", stack.baseImage());
        Files.writeString(workspace.resolve("docker-compose.yml"), "services:\n  api-production:\n    build: ./api-production\n");
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        Map<String, String> environment = Map.of("PATH", bin + ":" + System.getenv("PATH"), "HOME", workspace.toString());

        BuildReport report = IntermediateBuild.run(BuildRequest.builder().push(false).network("host").build(), host(environment, log));

        assertEquals(ServiceResult.Outcome.BUILT, report.services().get(0).outcome(), String.join("\n", log));
        String choice = log.stream().filter(l -> l.startsWith("docker client: ")).findFirst().orElse("(none)");
        assertTrue(choice.startsWith("docker client: /usr/bin/docker 20.10") && choice.contains("(BuildKit built in)")
                && choice.contains("passed over: docker: the docker client docker (28.2.2) has no buildx plugin"), choice);
    }

    @Test
    void shardsSplitTheSelectionIntoFixedDisjointParts() throws Exception {
        StringBuilder yaml = new StringBuilder("services:\n");
        for (String name : List.of("a-production", "b-qa", "c-production", "d-qa", "e-production")) {
            service(name, "scratch");
            yaml.append("  ").append(name).append(":\n    build: ./").append(name).append('\n');
        }
        Files.writeString(workspace.resolve("docker-compose.yml"), yaml);
        List<List<String>> parts = new ArrayList<>();
        for (String shard : List.of("1/2", "2/2")) {
            BuildPlan plan = IntermediateBuild.plan(BuildRequest.builder().pattern(BuildRequest.NIGHTLY_PATTERN).push(false).shard(shard).build(),
                    host(Map.of(), new ArrayList<>()));
            parts.add(plan.targets().stream().map(BuildTarget::service).toList());
        }
        assertEquals(List.of(List.of("a-production", "c-production", "e-production"), List.of("b-qa", "d-qa")), parts);
        io.jenkins.plugins.ecrpipeline.PipelineException invalid = org.junit.jupiter.api.Assertions.assertThrows(
                io.jenkins.plugins.ecrpipeline.PipelineException.class, () -> BuildRequest.builder().shard("3/2").build());
        assertEquals(java.util.Optional.of("shard"), invalid.field());
    }

    @Test
    void buildsLogsInToEcrAndPushesThroughTheEngineApi(LocalEcrFixture aws) throws Exception {
        try (var ecr = aws.ecr(aws.instanceProfile())) {
            ecr.createRepository(r -> r.repositoryName("api-production"));
        }
        service("api-production", aws.stack.baseImage());
        Files.writeString(workspace.resolve("docker-compose.yml"), "services:\n  api-production:\n    build: ./api-production\n");
        Map<String, String> environment = new HashMap<>();
        environment.put("PATH", System.getenv("PATH"));
        environment.put("HOME", workspace.toString());
        environment.put("AWS_EC2_METADATA_SERVICE_ENDPOINT", aws.server.endpoint() + "/");
        AwsSessionSettings session = new AwsSessionSettings(null, aws.server.endpoint(), null, Duration.ofSeconds(2));
        BuildRequest request = BuildRequest.builder().docker(aws.stack.docker().toString()).network("host")
                .ecrLogin(EcrAuthorizationRequest.ownAccount(session)).reportFile("out/report.json").build();
        List<String> log = Collections.synchronizedList(new ArrayList<>());

        BuildReport report = IntermediateBuild.run(request, host(environment, log));

        assertTrue(report.succeeded(), String.join("\n", log));
        ServiceResult result = report.services().get(0);
        String registry = aws.server.registryHosts().get("111111111111");
        assertEquals(registry + "/api-production:intermediate", result.image(), "pushed to the registry it logged in to");
        assertTrue(result.digest().startsWith("sha256:"), result.toString());
        assertTrue(Files.readString(workspace.resolve("out/report.json")).contains(result.digest()), "report next to the workspace");
        assertTrue(log.stream().anyMatch(l -> l.startsWith("ECR login: " + registry)), String.join("\n", log));
        try (var entries = Files.list(workspace.resolve("tmp"))) {
            assertEquals(0, entries.count(), "the private docker config under the host's temp directory is gone");
        }
        try (var ecr = aws.ecr(aws.instanceProfile())) {
            var images = ecr.describeImages(r -> r.repositoryName("api-production")).imageDetails();
            assertEquals(result.digest(), images.get(0).imageDigest());
            // The moving tag and the cache tag were set through the registry's API with this run's ECR password, not by
            // more docker pushes.
            assertEquals(new java.util.TreeSet<>(List.of("intermediate", "intermediate-cache", result.tags().get(0).substring(
                    result.tags().get(0).lastIndexOf(':') + 1))), new java.util.TreeSet<>(images.get(0).imageTags()), images.toString());
        }
        assertEquals(List.of(registry + "/api-production:intermediate", registry + "/api-production:intermediate-cache"),
                result.phases().stream().filter(p -> p.name().equals(Phase.RETAG))
                .map(Phase::image).toList(), result.phases().toString());
        assertEquals(2, result.tags().size(), result.tags().toString());
        assertTrue(log.stream().noneMatch(l -> l.contains("pushing it with docker instead")), String.join("\n", log));
    }

}
