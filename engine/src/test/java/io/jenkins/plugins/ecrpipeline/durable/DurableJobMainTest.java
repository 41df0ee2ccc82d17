package io.jenkins.plugins.ecrpipeline.durable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.ecrpipeline.intermediatebuild.BuildReport;
import io.jenkins.plugins.ecrpipeline.intermediatebuild.BuildRequest;
import io.jenkins.plugins.ecrpipeline.intermediatebuild.ServiceResult;
import io.jenkins.plugins.ecrpipeline.report.ReportFile;
import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A durable job's process: the job read from its control directory, the outcome written there as JSON, the exit code. */
class DurableJobMainTest {
    @TempDir
    Path dir;

    private Path control(DurableJob job) throws Exception {
        Path control = Files.createDirectories(dir.resolve("control"));
        try (ObjectOutputStream out = new ObjectOutputStream(Files.newOutputStream(control.resolve(DurableJobMain.JOB)))) {
            out.writeObject(job);
        }
        return control;
    }

    @Test
    void refusedInputEndsWithItsFieldAndOneLineAndExitTwoWithoutRunningAnything() throws Exception {
        Files.writeString(dir.resolve("docker-compose.yml"), "services:\n  web:\n    build: ./web\n");
        BuildRequest request = BuildRequest.builder().composeFile("docker-compose.yml").services(List.of("nope")).registry("127.0.0.1:5000").build();
        Path control = control(new DurableJob.Build(request, dir.toString(), dir.resolve("temp").toString()));
        ByteArrayOutputStream log = new ByteArrayOutputStream();

        int exit = DurableJobMain.run(control, Map.of("HOME", dir.toString(), "PATH", "/nonexistent"), new PrintStream(log, true, StandardCharsets.UTF_8));

        assertEquals(2, exit);
        DurableOutcome outcome = ReportFile.read(Files.readAllBytes(control.resolve(DurableJobMain.OUTCOME)), DurableOutcome.class);
        assertNull(outcome.report());
        assertTrue(outcome.error().startsWith("unknown service"), outcome.error());
        assertTrue(outcome.error().contains("nope") && outcome.error().contains("web"), outcome.error());
    }

    @Test
    void secretsNamedInTheEnvironmentAreRedactedFromTheOutcome() throws Exception {
        Files.writeString(dir.resolve("docker-compose.yml"), "services:\n  web:\n    build: ./web\n");
        String secret = "s3cr3t-value";
        BuildRequest request = BuildRequest.builder().composeFile("docker-compose.yml").services(List.of("web-" + secret)).registry("127.0.0.1:5000").build();
        Path control = control(new DurableJob.Build(request, dir.toString(), dir.resolve("temp").toString()));

        DurableJobMain.run(control, Map.of("HOME", dir.toString(), DurableJobMain.REDACT, java.util.regex.Pattern.quote(secret)),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        String outcome = Files.readString(control.resolve(DurableJobMain.OUTCOME));
        assertTrue(outcome.contains("web-****") && !outcome.contains(secret), outcome);
    }

    @Test
    void aBuildReportReadsBackEqualFromItsJson() throws Exception {
        Instant now = Instant.parse("2026-12-07T03:00:00Z");
        BuildReport report = new BuildReport(now, now.plusSeconds(9), "20261207030000", List.of(
                new ServiceResult("web", "r/web:intermediate", ServiceResult.Outcome.PUSHED, "sha256:" + "a".repeat(64), "sha256:" + "b".repeat(64),
                        1234, Duration.ofMillis(8765), null, List.of("r/web:intermediate-20261207", "r/web:intermediate")),
                new ServiceResult("api", "r/api:intermediate", ServiceResult.Outcome.BUILD_FAILED, null, null, -1, Duration.ofSeconds(2),
                        "docker build exited with 1: boom")));

        assertEquals(report, ReportFile.read(ReportFile.json(report).getBytes(StandardCharsets.UTF_8), BuildReport.class));
    }
}
