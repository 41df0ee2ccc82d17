package io.jenkins.plugins.ecrpipeline.jenkins;

import static io.jenkins.plugins.ecrpipeline.jenkins.StepEnvironments.ROLE;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;

import hudson.FilePath;
import io.jenkins.plugins.ecrpipeline.PipelineException;
import io.jenkins.plugins.ecrpipeline.cleanup.CleanupBackend;
import io.jenkins.plugins.ecrpipeline.cleanup.CleanupReport;
import io.jenkins.plugins.ecrpipeline.cleanup.CleanupRequest;
import io.jenkins.plugins.ecrpipeline.cleanup.CleanupTotals;
import io.jenkins.plugins.ecrpipeline.process.Redaction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * ecrCleanup's pure parts beyond the policy (CleanupFacesAgreeTest compares that with the CLI's): the mode and plan
 * file, ECR's API, the policy file, and the report as the script's totals or failure.
 */
public class EcrCleanupMappingTest {
    @Rule
    public TemporaryFolder workspace = new TemporaryFolder();

    private static EcrCleanupStep step() {
        EcrCleanupStep step = new EcrCleanupStep();
        step.setRepositories("web");
        step.setUntaggedOlderThan("7d");
        return step;
    }

    /** A dry run writes its plan; an execution plans again rather than apply an older file. */
    @Test
    public void aDryRunWritesThePlanFileAndAnExecutionPlansAfresh() {
        EcrCleanupStep step = step();
        CleanupRequest dry = step.request(null, StepEnvironments.build());
        assertEquals(CleanupRequest.Mode.DRY_RUN, dry.mode());
        assertEquals("ecr-cleanup-plan.json", dry.planFile());
        step.setDryRun(false);
        CleanupRequest execution = step.request(null, StepEnvironments.build());
        assertEquals(CleanupRequest.Mode.PLAN_AND_DELETE, execution.mode());
        assertNull(execution.planFile());
    }

    @Test
    public void ecrsApiIsUsedInTheRolesAccountUnlessTurnedOffForARegistry() {
        EcrCleanupStep step = step();
        step.setRegion("eu-west-1");
        step.setRole(ROLE);
        assertEquals(StepAwsSessions.ecrApi("eu-west-1", ROLE, StepEnvironments.build()), step.request(null, StepEnvironments.build()).ecrApi());
        step.setEcrLogin(false);
        step.setRegistry("registry.example:5000");
        CleanupRequest request = step.request(null, StepEnvironments.build());
        assertNull(request.ecrApi());
        assertEquals("registry.example:5000", request.registry());
    }

    @Test
    public void thePolicyFileIsReadFromTheWorkspace() throws Exception {
        Files.writeString(workspace.getRoot().toPath().resolve("cleanup.yaml"), "rules: []\n", StandardCharsets.UTF_8);
        FilePath root = new FilePath(workspace.getRoot());
        assertEquals("rules: []\n", EcrCleanupMapping.policyText(root, "cleanup.yaml"));
        assertNull(EcrCleanupMapping.policyText(root, ""));
        PipelineException missing = assertThrows(PipelineException.class, () -> EcrCleanupMapping.policyText(root, "gone.yaml"));
        assertEquals("ecrCleanup: the policy file gone.yaml is not in the workspace (" + root.getRemote() + "); check it out or write it first",
                Util.abort("ecrCleanup", missing, Redaction.NONE).getMessage());
    }

    @Test
    public void theScriptGetsTheTotals() {
        CleanupReport report = report(new CleanupTotals(120, 30, 3_000_000, 28, 2_800_000, 0, 2), List.of());
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("dryRun", false);
        totals.put("repositories", 2);
        totals.put("images", 120L);
        totals.put("planned", 30L);
        totals.put("bytesPlanned", 3_000_000L);
        totals.put("deleted", 28L);
        totals.put("bytesFreed", 2_800_000L);
        totals.put("failed", 0L);
        totals.put("skipped", 2L);
        assertEquals(totals, EcrCleanupMapping.toPipeline(report, false));
        assertEquals(true, EcrCleanupMapping.toPipeline(report, true).get("dryRun"));
        assertEquals(Optional.empty(), EcrCleanupMapping.failure(report));
    }

    @Test
    public void theFailureNamesEachFailedDeleteWithTheRegistrysCode() {
        CleanupReport report = report(new CleanupTotals(10, 3, 300, 1, 100, 2, 0), failures(2));
        assertEquals(Optional.of("ecrCleanup: 2 of 3 planned delete(s) failed (1 deleted): web@sha256:0 ImageReferencedByManifestList (in use 0); "
                + "web@sha256:1 ImageReferencedByManifestList (in use 1). The other images were handled; run it again to retry these."),
                EcrCleanupMapping.failure(report));
    }

    /** The failure stays readable: the first ten, then how many more the log names. */
    @Test
    public void theFailureNamesTenAndCountsTheRest() {
        CleanupReport report = report(new CleanupTotals(2000, 1500, 0, 1488, 0, 12, 0), failures(12));
        String failure = EcrCleanupMapping.failure(report).orElseThrow();
        assertEquals(failure, true, failure.contains("web@sha256:9 ") && !failure.contains("web@sha256:10 ") && failure.contains("; and 2 more, named in the log."));
        assertEquals(failure, true, failure.startsWith("ecrCleanup: 12 of 1500 planned delete(s) failed (1488 deleted): "));
    }

    private static List<CleanupBackend.DeleteFailure> failures(int n) {
        List<CleanupBackend.DeleteFailure> failures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            failures.add(new CleanupBackend.DeleteFailure("web", "sha256:" + i, "ImageReferencedByManifestList", "in use " + i));
        }
        return failures;
    }

    private static CleanupReport report(CleanupTotals totals, List<CleanupBackend.DeleteFailure> failures) {
        return new CleanupReport("123456789012.dkr.ecr.eu-west-1.amazonaws.com", Instant.EPOCH, true, totals,
                Map.of("web", totals, "api", CleanupTotals.NONE), List.of(), failures, List.of(), Map.of(), 0, Duration.ZERO, Duration.ZERO,
                Duration.ZERO, null, List.of());
    }
}
