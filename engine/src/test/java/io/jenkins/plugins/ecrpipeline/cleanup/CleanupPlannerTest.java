package io.jenkins.plugins.ecrpipeline.cleanup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The planner's decisions one behaviour at a time, with the reasons a user reads in the table. */
class CleanupPlannerTest {
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static final String IMAGE = "application/vnd.docker.distribution.manifest.v2+json";
    private static final String LIST = "application/vnd.docker.distribution.manifest.list.v2+json";

    private static ImageRecord image(char digit, int daysOld, String... tags) {
        return new ImageRecord("sha256:" + String.valueOf(digit).repeat(64), List.of(tags), NOW.minus(Duration.ofDays(daysOld)), 1000, IMAGE, List.of());
    }

    private static ImageRecord index(char digit, int daysOld, List<ImageRecord> children, String... tags) {
        return new ImageRecord("sha256:" + String.valueOf(digit).repeat(64), List.of(tags), NOW.minus(Duration.ofDays(daysOld)), 300, LIST,
                children.stream().map(ImageRecord::digest).toList());
    }

    private static Map<Character, String> plan(CleanupPolicy policy, ImageRecord... images) {
        CleanupPlan plan = CleanupPlanner.plan(policy, List.of(), "r", NOW, List.of(new RepositoryListing("cleanup-test/web", List.of(images))));
        return plan.entries().stream().collect(Collectors.toMap(e -> e.digest().charAt(7), e -> (e.delete() ? "delete: " : "keep: ") + e.reason()));
    }

    private static CleanupPolicy.Builder policy() {
        return CleanupPolicy.builder().repository("cleanup-test/web");
    }

    @Test
    void deletesUntaggedIndexBeforeItsChildren() {
        ImageRecord amd = image('1', 30);
        ImageRecord arm = image('2', 30);
        Map<Character, String> plan = plan(policy().untaggedOlderThan("7d").build(), amd, arm, index('3', 30, List.of(amd, arm)), image('4', 1, "latest"));

        assertEquals("delete: untaggedOlderThan 7d (rules[0])", plan.get('3'));
        assertTrue(plan.get('1').startsWith("keep: referenced by index being deleted sha256:333"), plan.get('1'));
        assertTrue(plan.get('2').startsWith("keep: referenced by index being deleted"), plan.get('2'));
    }

    @Test
    void keepsThePlatformImagesOfAKeptMultiArchTag() {
        ImageRecord amd = image('1', 30);
        ImageRecord arm = image('2', 30);
        Map<Character, String> plan = plan(policy().untaggedOlderThan("7d").protectedTag("production").build(),
                amd, arm, index('3', 30, List.of(amd, arm), "production"), image('4', 30));

        assertEquals("keep: protected tag production", plan.get('3'));
        assertEquals("keep: referenced by kept index sha256:333333333333", plan.get('1'));
        assertEquals("delete: untaggedOlderThan 7d (rules[0])", plan.get('4'));
    }

    @Test
    void keepsTheNewestOfEachTagGroupAndAnImageWithAnyKeptTagWhole() {
        Map<Character, String> plan = plan(policy().keepNewest(1, "(main|dev)-\\d+").build(),
                image('1', 3, "main-3"), image('2', 4, "main-2", "dev-9"), image('3', 5, "main-1"), image('4', 6, "dev-8"));

        assertEquals("keep: newest 1 of 1 in tag group 'main' (rules[0])", plan.get('1'));
        assertEquals("keep: newest 1 of 1 in tag group 'dev' (rules[0])", plan.get('2'), "older in main, newest in dev: kept whole");
        assertEquals("delete: older than the newest 1 in tag group 'main' (rules[0])", plan.get('3'));
        assertEquals("delete: older than the newest 1 in tag group 'dev' (rules[0])", plan.get('4'));
    }

    @Test
    void aTagNoRuleSelectsKeepsItsImage() {
        Map<Character, String> plan = plan(policy().keepNewest(1, "main-\\d+").taggedOlderThan("1d", "feature-.*").build(),
                image('1', 3, "main-3"), image('2', 4, "main-2", "qa"), image('3', 5, "feature-a", "demo"), image('4', 5, "feature-b"));

        assertEquals("keep: tag qa matches no rule", plan.get('2'), "older in its group, but tagged qa as well");
        assertEquals("keep: tag demo matches no rule", plan.get('3'), "a feature image that is also the demo");
        assertEquals("delete: taggedOlderThan 1d tagPattern feature-.* (rules[1])", plan.get('4'));
    }

    @Test
    void anImageWhoseTagsDifferentRulesSelectIsKeptAndSaysWhy() {
        Map<Character, String> plan = plan(policy().keepNewest(1, "main-\\d+").taggedOlderThan("1d", "feature-.*").build(),
                image('1', 3, "main-3"), image('2', 4, "main-2", "feature-b"), image('3', 5, "feature-a"));

        assertEquals("keep: its tags match different rules; one rule must select every tag", plan.get('2'));
        assertEquals("delete: taggedOlderThan 1d tagPattern feature-.* (rules[1])", plan.get('3'));
    }

    @Test
    void aTagGroupWithoutACaptureGroupIsOneGroupAndTheRuleSaysSo() {
        Map<Character, String> plan = plan(policy().keepNewest(1, "feature-.*").build(),
                image('1', 3, "feature-a"), image('2', 4, "feature-b"), image('3', 5, "feature-c"));

        assertEquals("keep: newest 1 of 1 in tag group (rules[0])", plan.get('1'));
        assertEquals("delete: older than the newest 1 in tag group (rules[0])", plan.get('2'));
        assertEquals("delete: older than the newest 1 in tag group (rules[0])", plan.get('3'));
        assertEquals("keep 1 newest of tagGroup feature-.* (one group)", new CleanupRule.KeepNewest(1, "feature-.*").describe());
    }

    @Test
    void keepsTheBuildCacheTagAndWhatIsInUse() {
        CleanupPolicy policy = policy().taggedOlderThan("1d", null).inUse("cleanup-test/web:qa").build();
        Map<Character, String> plan = plan(policy, image('1', 9, "intermediate"), image('2', 9, "qa"), image('3', 9, "old"),
                image('4', 9, "intermediate-cache"));

        assertEquals("keep: build cache tag intermediate", plan.get('1'));
        assertEquals("keep: in use", plan.get('2'));
        assertEquals("delete: taggedOlderThan 1d (rules[0])", plan.get('3'));
        assertEquals("keep: build cache tag intermediate-cache", plan.get('4'), "the registry cache the nightly build reads");
    }

    @Test
    void neverPlansAnImagePushedAfterTheSnapshot() {
        ImageRecord racing = new ImageRecord("sha256:" + "5".repeat(64), List.of(), NOW.plusSeconds(5), 10, IMAGE, List.of());
        Map<Character, String> plan = plan(policy().untaggedOlderThan("0m").build(), image('1', 1), racing);

        assertEquals("keep: pushed after the plan's snapshot", plan.get('5'));
        assertEquals("delete: untaggedOlderThan 0d (rules[0])", plan.get('1'));
    }

    @Test
    void refusesToEmptyARepositoryUnlessAllowed() {
        CleanupPlan refused = CleanupPlanner.plan(policy().taggedOlderThan("1d", null).buildCacheTag(null).build(), List.of(), "r", NOW,
                List.of(new RepositoryListing("cleanup-test/web", List.of(image('1', 9, "a"), image('2', 9, "b")))));
        assertEquals(0, refused.imagesToDelete());
        assertTrue(refused.warnings().get(0).contains("refused to empty cleanup-test/web"), refused.warnings().toString());
        assertTrue(refused.entries().get(0).reason().startsWith("refused: would empty the repository"), refused.entries().get(0).reason());

        CleanupPlan allowed = CleanupPlanner.plan(policy().taggedOlderThan("1d", null).buildCacheTag(null).allowEmptyRepository(true).build(),
                List.of(), "r", NOW, List.of(new RepositoryListing("cleanup-test/web", List.of(image('1', 9, "a"), image('2', 9, "b")))));
        assertEquals(2, allowed.imagesToDelete());
        assertEquals(2000, allowed.bytesToFree());
    }

    @Test
    void planFileReadsBackEqualAndTheTableShowsTotals() {
        CleanupPlan plan = CleanupPlanner.plan(policy().untaggedOlderThan("7d").build(), List.of(), "127.0.0.1:5000", NOW,
                List.of(new RepositoryListing("cleanup-test/web", List.of(image('1', 9), image('2', 1, "latest")))));

        RepositoryPlan web = new RepositoryPlan("cleanup-test/web", plan.entries(), plan.warnings());
        String json = CleanupPlanFile.json("127.0.0.1:5000", NOW, List.of(web));
        assertEquals(List.of(web), CleanupPlanFile.readAll(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), "plan.json"));
        List<String> table = CleanupTable.render(web, true);
        assertTrue(table.get(0).startsWith("REPOSITORY"), table.get(0));
        assertTrue(table.stream().anyMatch(l -> l.contains("sha256:111111111111") && l.contains("<untagged>") && l.contains("delete")
                && l.contains("untaggedOlderThan 7d")), String.join("\n", table));
        assertTrue(CleanupTable.totals(new CleanupTotals(2, 1, 1000, 0, 0, 0, 0), 1).startsWith("1 of 2 image(s) in 1 repository(ies) to delete, "
                + "1.0 KB to free (sizes as the registry reports them; shared layers count in each image)"));

        // A plan file cut short (a dry run that did not finish) is refused before anything is deleted.
        String cut = json.substring(0, json.indexOf("\"repositoryCount\""));
        io.jenkins.plugins.ecrpipeline.PipelineException refused = org.junit.jupiter.api.Assertions.assertThrows(
                io.jenkins.plugins.ecrpipeline.PipelineException.class, () -> CleanupPlanFile.readAll(cut.getBytes(java.nio.charset.StandardCharsets.UTF_8), "plan.json"));
        assertTrue(refused.getMessage().contains("plan.json is not a cleanup plan written by a dry run"), refused.getMessage());
        String older = json.replace("\"format\" : 2", "\"format\" : 1");
        refused = org.junit.jupiter.api.Assertions.assertThrows(io.jenkins.plugins.ecrpipeline.PipelineException.class,
                () -> CleanupPlanFile.readAll(older.getBytes(java.nio.charset.StandardCharsets.UTF_8), "plan.json"));
        assertTrue(refused.getMessage().contains("a format 1 plan"), refused.getMessage());
    }
}
