package io.jenkins.plugins.ecrpipeline.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.ecrpipeline.localaws.LocalEcrFixture;
import io.jenkins.plugins.ecrpipeline.support.LocalStack;
import io.jenkins.plugins.ecrpipeline.support.LocalStackExtension;
import io.jenkins.plugins.ecrpipeline.support.ProjectRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ecr.EcrClient;

/**
 * The shared library's {@code nightlyImages} on the real controller: the library is this repository's {@code vars/},
 * served from a git repository as administrators configure it, and the Jenkinsfile comes from the project's own git
 * repository, so {@code checkout scm} works as it does for a team.
 */
@ExtendWith(LocalStackExtension.class)
class SharedLibraryIT {
    private static final List<String> SERVICES = List.of("web-production", "web-qa", "worker-production", "worker-qa");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path dir;
    private static LocalEcrFixture aws;
    private static JenkinsController jenkins;

    @BeforeAll
    static void start(LocalStack stack) throws Exception {
        dir = Files.createTempDirectory("shared-library");
        aws = new LocalEcrFixture(stack, dir, Clock.systemUTC());
        try (EcrClient ecr = aws.ecr(aws.instanceProfile())) {
            SERVICES.forEach(service -> ecr.createRepository(r -> r.repositoryName(service)));
        }
        jenkins = JenkinsController.start(Files.createDirectories(dir.resolve("jenkins-home")));
        jenkins.startAgent("agent1", "docker", dir.resolve("agent1"), JenkinsController.ec2AgentEnvironment(dir.resolve("agent-home"), aws, stack));

        Path library = Files.createDirectories(dir.resolve("library/vars"));
        try (Stream<Path> vars = Files.list(ProjectRoot.resolve("vars"))) {
            for (Path file : vars.toList()) {
                Files.copy(file, library.resolve(file.getFileName()));
            }
        }
        commit(library.getParent());
        jenkins.addGlobalLibrary("ecr-image-pipeline", library.getParent());
    }

    @AfterAll
    static void stop() throws Exception {
        if (jenkins != null) {
            jenkins.close();
        }
        if (aws != null) {
            aws.close();
        }
    }

    /** Makes {@code repository} a git repository whose main branch holds its files. */
    private static void commit(Path repository) throws IOException, InterruptedException {
        git(repository, "init", "-q", "-b", "main");
        git(repository, "add", "-A");
        git(repository, "-c", "user.name=test", "-c", "user.email=test@example.com", "commit", "-q", "-m", "files");
    }

    private static void git(Path repository, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git", "-C", repository.toString()));
        command.addAll(List.of(args));
        Process git = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(git.getInputStream().readAllBytes());
        if (git.waitFor() != 0) {
            throw new IllegalStateException("git " + String.join(" ", args) + " failed: " + output);
        }
    }

    @Test
    void twoShardsArchiveOneReportEachAndTogetherTheyHoldWhatTheBuildPageShows() throws Exception {
        Path project = Files.createDirectories(dir.resolve("project"));
        StringBuilder compose = new StringBuilder("services:\n");
        for (String service : SERVICES) {
            Path context = Files.createDirectories(project.resolve(service));
            Files.writeString(context.resolve("Dockerfile"), "FROM local/busybox:latest\nARG BUILD_DATE\nRUN echo " + service
                    + " $BUILD_DATE > /built\n");
            compose.append("  ").append(service).append(":\n    build: ./").append(service).append('\n');
        }
        Files.writeString(project.resolve("docker-compose.yml"), compose);
        Files.writeString(project.resolve("Jenkinsfile"), """
                @Library('ecr-image-pipeline') _
                nightlyImages(shards: 2, network: 'host', pattern: '-(production|qa)$')
                """);
        commit(project);
        jenkins.createPipelineJobFromGit("nightly-sharded", project);

        int number = jenkins.build("nightly-sharded", Map.of());
        String result = jenkins.awaitResult("nightly-sharded", number, Duration.ofMinutes(5));
        String console = jenkins.console("nightly-sharded", number);

        assertEquals("SUCCESS", result, console);
        JsonNode artifacts = JSON.readTree(jenkins.get("job/nightly-sharded/" + number + "/api/json?tree=artifacts[relativePath]").body())
                .path("artifacts");
        List<String> reports = new ArrayList<>();
        artifacts.forEach(a -> reports.add(a.path("relativePath").asText()));
        assertEquals(List.of("ecr-image-pipeline-report-shard-1-of-2.json", "ecr-image-pipeline-report-shard-2-of-2.json"),
                reports.stream().sorted().toList());
        Map<String, String> archived = new TreeMap<>();
        for (String report : reports) {
            JsonNode services = JSON.readTree(jenkins.get("job/nightly-sharded/" + number + "/artifact/" + report).body()).path("services");
            for (JsonNode service : services) {
                String previous = archived.put(service.path("service").asText(), service.path("digest").asText());
                assertEquals(null, previous, service.path("service").asText() + " is in one shard's report only");
            }
        }
        assertEquals(SERVICES, List.copyOf(archived.keySet()), "every service of the build is in an archived report");
        String page = jenkins.get("job/nightly-sharded/" + number + "/").body();
        archived.forEach((service, digest) -> {
            assertTrue(digest.startsWith("sha256:"), service + ": " + digest);
            assertTrue(page.contains(service) && page.contains(digest), "the build page shows " + service + " with " + digest);
        });
    }
}
