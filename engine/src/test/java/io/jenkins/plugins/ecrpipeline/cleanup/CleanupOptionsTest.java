package io.jenkins.plugins.ecrpipeline.cleanup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.ecrpipeline.PipelineException;
import io.jenkins.plugins.ecrpipeline.cli.CleanupCommandPolicies;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one mapping from flat options to a policy, and the CLI's spelling of it. */
class CleanupOptionsTest {
    /** Every option the faces have, in the CLI's spelling. */
    static final String[] EVERY_FLAG = {"--repository", "web,api", "--repository-pattern", "team-.*", "--untagged-older-than", "14d",
        "--keep", "10=intermediate-(.*)", "--tagged-older-than", "90d", "--tag-pattern", "pr-[0-9]+", "--protect", "production",
        "--in-use", "web:live", "--in-use-file", "deployed.txt", "--build-cache-tag", "nightly", "--allow-empty-repository"};

    static CleanupOptions everyOption() {
        return CleanupOptions.builder().repositories(List.of("web", "api")).repositoryPatterns(List.of("team-.*")).untaggedOlderThan("14d")
                .keep(List.of("10=intermediate-(.*)")).taggedOlderThan("90d").tagPattern("pr-[0-9]+").protectedTags(List.of("production"))
                .inUse(List.of("web:live")).inUseFile("deployed.txt").buildCacheTag("nightly").allowEmptyRepository(true).build();
    }

    @Test
    void everyOptionBecomesPartOfThePolicy() {
        CleanupPolicy policy = everyOption().policy(null, null);
        assertEquals(List.of("web", "api"), policy.repositories());
        assertEquals(List.of("team-.*"), policy.repositoryPatterns());
        assertEquals(List.of(new CleanupRule.UntaggedOlderThan(Duration.ofDays(14)), new CleanupRule.KeepNewest(10, "intermediate-(.*)"),
                new CleanupRule.TaggedOlderThan(Duration.ofDays(90), "pr-[0-9]+")), policy.rules());
        assertEquals(List.of("production"), policy.protectedTags());
        assertEquals(List.of("web:live"), policy.inUse());
        assertEquals("deployed.txt", policy.inUseFile());
        assertEquals("nightly", policy.buildCacheTag());
        assertTrue(policy.allowEmptyRepository());
    }

    @Test
    void theCliSpellingGivesTheSamePolicy() {
        assertEquals(everyOption().policy(null, null), CleanupCommandPolicies.policyOf(EVERY_FLAG));
    }

    @Test
    void aTagPatternWithoutItsAgeFailsNamingTheField() {
        PipelineException e = assertThrows(PipelineException.class, () -> CleanupOptions.builder().repositories(List.of("web"))
                .untaggedOlderThan("7d").tagPattern("pr-.*").build().policy(null, null));
        assertEquals("tag pattern", e.field().orElseThrow());
        assertThrows(PipelineException.class, () -> CleanupCommandPolicies.policyOf("--repository", "web", "--untagged-older-than", "7d",
                "--tag-pattern", "pr-.*"));
    }

    @Test
    void optionsAddToThePolicyFileAndAnUnsetBuildCacheTagKeepsTheFiles() {
        CleanupPolicy policy = CleanupOptions.builder().repositories(List.of("api")).buildCacheTag("").build()
                .policy("repositories: [web]\nrules:\n  - untaggedOlderThan: 7d\n", "cleanup.yaml");
        assertEquals(List.of("web", "api"), policy.repositories());
        assertNull(policy.buildCacheTag(), "an empty build cache tag means none");
        CleanupPolicy fileTag = CleanupOptions.builder().build()
                .policy("repositories: [web]\nbuildCacheTag: nightly\nrules:\n  - untaggedOlderThan: 7d\n", "cleanup.yaml");
        assertEquals("nightly", fileTag.buildCacheTag());
    }

    @Test
    void emptyStringsAreOptionsNotGiven() {
        CleanupOptions none = CleanupOptions.builder().untaggedOlderThan("").taggedOlderThan("").tagPattern("").inUseFile("")
                .repositories(null).build();
        assertTrue(none.namesNothing());
        assertFalse(everyOption().namesNothing());
    }
}
