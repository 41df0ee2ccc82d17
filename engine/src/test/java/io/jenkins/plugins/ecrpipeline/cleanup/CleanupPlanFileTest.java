package io.jenkins.plugins.ecrpipeline.cleanup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.ecrpipeline.PipelineException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A plan file cut short anywhere is refused with one line that names the file and says so; none is half applied. */
class CleanupPlanFileTest {
    private static final Instant NOW = Instant.parse("2026-12-01T03:00:00Z");

    private static byte[] plan() {
        List<RepositoryPlan> plans = List.of(
                new RepositoryPlan("web", List.of(
                        new PlanEntry("web", "sha256:" + "a".repeat(64), List.of("feature-a"), NOW.minusSeconds(86_400), 1234, "m", true, "old"),
                        new PlanEntry("web", "sha256:" + "b".repeat(64), List.of("production"), NOW.minusSeconds(3_600), 99, "m", false, "kept")),
                        List.of("a warning")),
                new RepositoryPlan("api", List.of(
                        new PlanEntry("api", "sha256:" + "c".repeat(64), List.of(), NOW.minusSeconds(7_200), 5, "m", true, "untagged")), List.of()));
        return CleanupPlanFile.json("127.0.0.1:5000", NOW, plans).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aPlanCutAtAnyByteIsRefusedInOneLineThatSaysItIsCutOff() {
        byte[] whole = plan();
        assertEquals(2, CleanupPlanFile.readAll(whole, "plan.json").size());
        for (int length = 1; length < whole.length; length++) {
            byte[] cut = Arrays.copyOf(whole, length);
            if (new String(cut, StandardCharsets.UTF_8).isBlank()) {
                continue;
            }
            PipelineException e = assertThrows(PipelineException.class,
                    () -> CleanupPlanFile.check(new ByteArrayInputStream(cut), "plan.json"), "cut at " + length);
            String message = e.getMessage();
            assertTrue(message.startsWith("plan.json is not a cleanup plan written by a dry run: "), message);
            assertEquals(1, message.lines().count(), "one line, cut at " + length + ": " + message);
            assertTrue(message.contains("cut off") || message.contains("ends before its totals"), "cut at " + length + ": " + message);
        }
    }
}
