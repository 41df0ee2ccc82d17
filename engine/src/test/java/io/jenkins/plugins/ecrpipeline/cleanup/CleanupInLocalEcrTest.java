package io.jenkins.plugins.ecrpipeline.cleanup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.ecrpipeline.localaws.Faults;
import io.jenkins.plugins.ecrpipeline.localaws.LocalEcrExtension;
import io.jenkins.plugins.ecrpipeline.localaws.LocalEcrFixture;
import io.jenkins.plugins.ecrpipeline.support.LocalStackExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;

/**
 * End to end against the local ECR over a real registry: plans made from ECR's API, deletes through BatchDeleteImage,
 * and the registry itself asked afterwards whether each manifest still exists.
 */
@ExtendWith({LocalStackExtension.class, LocalEcrExtension.class})
class CleanupInLocalEcrTest {
    private static final Duration MONTH = Duration.ofDays(30);
    private CleanupFixture f;

    @BeforeEach
    void start(LocalEcrFixture aws) throws Exception {
        f = new CleanupFixture(aws);
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private static CleanupPolicy policy(String repository) {
        return CleanupPolicy.builder().repository(repository).protectedTag("release|production").untaggedOlderThan("7d")
                .taggedOlderThan("7d", "feature-.*").build();
    }

    @Test
    void multiArchImagesSurviveWhileTheirUnwantedNeighboursGo() throws Exception {
        String repo = "cleanup-test/web";
        f.createRepository(repo);
        String amd = f.pushImage(repo, null);
        String arm = f.pushImage(repo, null);
        String release = f.pushIndex(repo, "release", amd, arm);
        String oldAmd = f.pushImage(repo, null);
        String oldArm = f.pushImage(repo, null);
        String unwantedIndex = f.pushIndex(repo, null, oldAmd, oldArm);
        String feature = f.pushImage(repo, "feature-login");
        String untagged = f.pushImage(repo, null);

        List<PlanEntry> plan = dryRun(repo, "web-plan.json");
        CleanupReport report = ImageCleanup.run(CleanupRequest.builder(policy(repo)).ecrApi(f.ecrLogin()).execute(true).build(), f.host(MONTH));

        assertTrue(report.succeeded(), report.failures().toString());
        assertEquals(Set.of(unwantedIndex, feature, untagged), digests(plan.stream().filter(PlanEntry::delete).toList()));
        assertEquals(3, report.totals().deleted());
        for (String gone : List.of(unwantedIndex, feature, untagged)) {
            assertEquals(404, f.registryStatus(repo, gone), "deleted from the registry: " + gone);
        }
        for (String kept : List.of(release, amd, arm, oldAmd, oldArm)) {
            assertEquals(200, f.registryStatus(repo, kept), "still served: " + kept);
        }
        Map<String, String> reasons = plan.stream().collect(Collectors.toMap(PlanEntry::digest, PlanEntry::reason));
        assertEquals("protected tag release", reasons.get(release));
        assertTrue(reasons.get(amd).startsWith("referenced by kept index"), reasons.get(amd));
        assertTrue(reasons.get(oldAmd).startsWith("referenced by index being deleted"), reasons.get(oldAmd));
        assertTrue(f.console.stream().anyMatch(l -> l.startsWith("Deleted 3 image(s)")), String.join("\n", f.console));

        // The next run picks up the platform images of the index deleted before, and nothing else.
        assertEquals(Set.of(oldAmd, oldArm), digests(dryRun(repo, "web-next.json").stream().filter(PlanEntry::delete).toList()));
        CleanupReport next = ImageCleanup.run(CleanupRequest.builder(policy(repo)).ecrApi(f.ecrLogin()).execute(true).build(), f.host(MONTH));

        assertTrue(next.succeeded(), next.failures().toString());
        assertEquals(2, next.totals().deleted());
        assertEquals(404, f.registryStatus(repo, oldAmd));
        assertEquals(200, f.registryStatus(repo, amd));
        assertEquals(200, f.registryStatus(repo, release));
    }

    @Test
    void aDryRunWritesThePlanAndAnExecutionAppliesExactlyIt() throws Exception {
        String repo = "cleanup-test/plan";
        f.createRepository(repo);
        String keep = f.pushImage(repo, "production");
        String old = f.pushImage(repo, null);
        String retagged = f.pushImage(repo, null);

        CleanupReport dry = ImageCleanup.run(CleanupRequest.builder(policy(repo)).ecrApi(f.ecrLogin()).planFile("plan.json").build(), f.host(MONTH));
        assertFalse(dry.executed());
        assertEquals(Set.of(old, retagged), digests(CleanupPlanFile.readAll(java.nio.file.Files.readAllBytes(f.aws.dir.resolve("plan.json")), "plan.json")
                .get(0).deletions()));
        assertEquals(200, f.registryStatus(repo, old), "a dry run deletes nothing");
        // Between the plan and its execution someone tags one of the planned images, and pushes a new one.
        f.session.ecr().putImage(r -> r.repositoryName(repo).imageTag("hotfix").imageManifest(f.session.ecr().batchGetImage(b -> b
                .repositoryName(repo).imageIds(ImageIdentifier.builder().imageDigest(retagged).build()).acceptedMediaTypes(io.jenkins.plugins.ecrpipeline.registry.Manifests.ALL))
                .images().get(0).imageManifest()));
        String racing = f.pushImage(repo, null);

        CleanupReport applied = ImageCleanup.run(CleanupRequest.builder(policy(repo)).ecrApi(f.ecrLogin()).planFile("plan.json").execute(true)
                .reportFile("cleanup-report.json").build(), f.host(MONTH));

        assertTrue(applied.succeeded(), applied.failures().toString());
        assertEquals(1, applied.totals().deleted());
        assertEquals(1, applied.totals().skipped());
        assertEquals(404, f.registryStatus(repo, old));
        assertEquals(200, f.registryStatus(repo, retagged), "its tags changed since the plan: skipped");
        assertEquals(200, f.registryStatus(repo, racing), "pushed after the plan: not in it");
        assertEquals(200, f.registryStatus(repo, keep));
        assertTrue(applied.notes().stream().anyMatch(n -> n.contains("skipped") && n.contains(retagged) && n.contains("tags changed")),
                applied.notes().toString());
        assertTrue(java.nio.file.Files.readString(f.aws.dir.resolve("cleanup-report.json")).contains("\"deleted\" : 1"));
    }

    @Test
    void throttlingOnAThirdOfTheCallsIsSurvivedAndReported() throws Exception {
        String repo = "cleanup-test/throttled";
        f.createRepository(repo);
        for (int i = 0; i < 6; i++) {
            f.pushImage(repo, null);
        }
        f.pushImage(repo, "production");
        f.aws.server.setFaults(new Faults(3, 7, 0, Duration.ZERO, false, false, null, null));
        try {
            CleanupReport report = ImageCleanup.run(CleanupRequest.builder(policy(repo)).ecrApi(f.ecrLogin()).execute(true).build(), f.host(MONTH));

            assertTrue(report.succeeded(), report.failures().toString());
            assertEquals(6, report.totals().deleted());
            assertTrue(report.retries() > 0, "the throttled attempts are counted: " + report.retries());
            assertTrue(f.console.stream().anyMatch(l -> l.contains("attempt(s) retried after throttling or errors")), String.join("\n", f.console));
        } finally {
            f.aws.server.setFaults(Faults.none());
        }
    }

    @Test
    void aPartialFailureOfBatchDeleteImageIsReportedAndFailsTheRun() throws Exception {
        String repo = "cleanup-test/partial";
        f.createRepository(repo);
        String child = f.pushImage(repo, null);
        String other = f.pushImage(repo, null);
        f.pushImage(repo, "production");
        CleanupRequest request = CleanupRequest.builder(policy(repo)).ecrApi(f.ecrLogin()).execute(true).build();

        // An index referencing a planned image is pushed between the plan and the delete: ECR refuses that one image.
        CleanupReport report;
        try (CleanupBackend ecr = ImageCleanup.open(request, f.host(MONTH))) {
            CleanupBackend racing = new DelegatingBackend(ecr) {
                @Override
                public DeleteResult delete(String repository, List<PlanEntry> images) throws InterruptedException {
                    f.pushIndex(repo, "multi", child);
                    return super.delete(repository, images);
                }
            };
            report = ImageCleanup.run(request, f.host(MONTH), racing);
        }

        assertFalse(report.succeeded());
        assertEquals(1, report.totals().deleted());
        assertEquals(1, report.totals().failed());
        assertEquals(1, report.failures().size());
        CleanupBackend.DeleteFailure failure = report.failures().get(0);
        assertEquals(child, failure.digest());
        assertEquals("ImageReferencedByManifestList", failure.code());
        assertEquals(404, f.registryStatus(repo, other));
        assertEquals(200, f.registryStatus(repo, child));
        assertTrue(f.console.stream().anyMatch(l -> l.contains("FAILED " + repo + "@" + child + ": ImageReferencedByManifestList")),
                String.join("\n", f.console));
    }

    @Test
    void aDeleteEcrRefusesIsCountedInItsRepositoryAndTheOtherRepositoriesAreStillCleaned() throws Exception {
        String web = "cleanup-test/refused-web";
        String api = "cleanup-test/refused-api";
        f.createRepository(web);
        f.createRepository(api);
        f.pushImage(web, "production");
        f.pushImage(api, "production");
        String refused = f.pushImage(web, null);
        String webOther = f.pushImage(web, null);
        String apiOld = f.pushImage(api, null);
        f.aws.server.setFaults(Faults.deleteFailures(Map.of(refused, "KmsError")));
        CleanupReport report;
        try {
            report = ImageCleanup.run(CleanupRequest.builder(CleanupPolicy.builder().repository(web).repository(api).protectedTag("production")
                    .untaggedOlderThan("7d").build()).ecrApi(f.ecrLogin()).execute(true).concurrency(1).reportFile("refused-report.json").build(),
                    f.host(MONTH));
        } finally {
            f.aws.server.setFaults(Faults.none());
        }

        assertFalse(report.succeeded());
        assertEquals(new CleanupTotals(5, 3, report.totals().bytesPlanned(), 2, report.totals().bytesFreed(), 1, 0), report.totals());
        assertEquals(1, report.repositories().get(web).failed());
        assertEquals(1, report.repositories().get(web).deleted());
        assertEquals(1, report.repositories().get(api).deleted());
        assertEquals(List.of(new CleanupBackend.DeleteFailure(web, refused, "KmsError",
                "Injected by local-aws: BatchDeleteImage fails for this image (faults.deleteFailures)")), report.failures());
        assertEquals(200, f.registryStatus(web, refused));
        assertEquals(404, f.registryStatus(web, webOther));
        assertEquals(404, f.registryStatus(api, apiOld));
        String json = java.nio.file.Files.readString(f.aws.dir.resolve("refused-report.json"));
        assertTrue(json.contains("\"code\" : \"KmsError\"") && json.contains("\"failed\" : 1"), json);
    }

    @Test
    void theLifecyclePolicyExportIsWrittenAndAcceptedByEcr() throws Exception {
        String repo = "cleanup-test/lifecycle";
        f.createRepository(repo);
        CleanupPolicy policy = CleanupPolicy.builder().repository(repo).untaggedOlderThan("14d").keepNewest(7, "(intermediate)-[0-9]{8}")
                .taggedOlderThan("30d", "feature-.*").build();

        ImageCleanup.run(CleanupRequest.builder(policy).ecrApi(f.ecrLogin()).lifecyclePolicyFile("lifecycle.json").putLifecyclePolicy(true)
                .build(), f.host(Duration.ZERO));

        String written = java.nio.file.Files.readString(f.aws.dir.resolve("lifecycle.json"));
        assertEquals(written, f.session.ecr().getLifecyclePolicy(r -> r.repositoryName(repo)).lifecyclePolicyText());
        assertTrue(written.contains("\"tagPatternList\" : [ \"feature-*\" ]"), written);
        assertTrue(f.console.stream().anyMatch(l -> l.contains("ECR counts all images matching a pattern together")), String.join("\n", f.console));
        assertTrue(f.console.contains("Lifecycle policy set on " + repo), String.join("\n", f.console));
    }

    /** A dry run's plan of one repository, as its plan file has it. */
    private List<PlanEntry> dryRun(String repo, String file) throws Exception {
        ImageCleanup.run(CleanupRequest.builder(policy(repo)).ecrApi(f.ecrLogin()).planFile(file).build(), f.host(MONTH));
        return CleanupPlanFile.readAll(java.nio.file.Files.readAllBytes(f.aws.dir.resolve(file)), file).get(0).entries();
    }

    private static Set<String> digests(List<PlanEntry> entries) {
        return entries.stream().map(PlanEntry::digest).collect(Collectors.toSet());
    }
}
