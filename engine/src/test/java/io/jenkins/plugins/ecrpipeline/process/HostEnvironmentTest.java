package io.jenkins.plugins.ecrpipeline.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.ecrpipeline.intermediatebuild.BuildReport;
import io.jenkins.plugins.ecrpipeline.intermediatebuild.BuildRequest;
import io.jenkins.plugins.ecrpipeline.intermediatebuild.IntermediateBuild;
import io.jenkins.plugins.ecrpipeline.intermediatebuild.ServiceResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Child processes see the host's environment map (in Jenkins, the build's variables), never the JVM's: a variable
 * the JVM has and the host does not is absent, one the host has and the JVM does not is present.
 */
class HostEnvironmentTest {
    /** A variable this JVM has (surefire runs with a HOME) that the hosts below leave out. */
    private static final String JVM_ONLY = "HOME";

    @TempDir
    Path dir;

    @Test
    void aChildSeesExactlyTheHostEnvironment() throws Exception {
        assertNotNull(System.getenv(JVM_ONLY), "the test JVM has " + JVM_ONLY);
        Map<String, String> environment = Map.of("PATH", System.getenv("PATH"), "BUILD_MARKER", "from-the-build");
        List<String> out = new ArrayList<>();

        CommandResult result = new LocalCommandRunner(environment)
                .run(Command.of(List.of("sh", "-c", "echo marker=$BUILD_MARKER; echo home=${" + JVM_ONLY + "-unset}")), out::add);

        assertEquals(0, result.exitCode());
        assertEquals(List.of("marker=from-the-build", "home=unset"), out);
    }

    @Test
    void theBuildsDockerChildrenSeeTheHostEnvironment() throws Exception {
        Path seen = dir.resolve("docker-build-environment");
        // A docker client stand-in that answers the version check, records its environment when it builds, and
        // answers the inspect that follows.
        Path docker = dir.resolve("docker");
        Files.writeString(docker, """
                #!/bin/sh
                for a in "$@"; do
                  case "$a" in
                    version) echo 20.10.24; exit 0 ;;
                    build) env > "%s"; exit 0 ;;
                    inspect) echo "sha256:0123 42"; exit 0 ;;
                  esac
                done
                exit 3
                """.formatted(seen));
        Files.setPosixFilePermissions(docker, PosixFilePermissions.fromString("rwx------"));
        Files.createDirectories(dir.resolve("web-production"));
        Files.writeString(dir.resolve("web-production/Dockerfile"), "FROM scratch\n");
        Files.writeString(dir.resolve("docker-compose.yml"), "services:\n  web-production:\n    build: ./web-production\n");
        Host host = Host.local(Map.of("PATH", System.getenv("PATH"), "BUILD_MARKER", "from-the-build")).workspace(dir)
                .tempDirectory(dir).build();

        BuildReport report = IntermediateBuild.run(BuildRequest.builder().docker(docker.toString()).push(false).build(), host);

        assertEquals(ServiceResult.Outcome.BUILT, report.services().get(0).outcome(), report.toString());
        List<String> variables = Files.readAllLines(seen);
        assertTrue(variables.contains("BUILD_MARKER=from-the-build"), variables.toString());
        assertTrue(variables.contains("DOCKER_BUILDKIT=1"), "the command's own variables are added: " + variables);
        assertFalse(variables.stream().anyMatch(v -> v.startsWith(JVM_ONLY + "=")), "the JVM's " + JVM_ONLY + " is not inherited: " + variables);
    }
}
