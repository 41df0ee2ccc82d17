package io.jenkins.plugins.ecrpipeline.cleanup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.ecrpipeline.PipelineException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Policies from YAML and JSON, and the errors a bad one gets: each names the field at fault. */
class PolicyReaderTest {
    private static final String YAML = """
            repositories: [web, api]
            repositoryPatterns: ['team/.*']
            protectedTags: [production, latest, 'v\\d+\\.\\d+\\.\\d+']
            inUse:
              - 123456789012.dkr.ecr.eu-west-1.amazonaws.com/web@sha256:%s
              - api:qa
            inUseFile: deployed.txt
            allowEmptyRepository: false
            rules:
              - untaggedOlderThan: 14d
              - keep: 5
                tagGroup: 'intermediate-(.*)-\\d{8}'
              - taggedOlderThan: 12w
                tagPattern: 'feature-.*'
            """.formatted("a".repeat(64));

    @Test
    void readsEveryFieldOfAYamlPolicy() {
        CleanupPolicy policy = PolicyReader.read(YAML, "policy.yaml");

        assertEquals(List.of("web", "api"), policy.repositories());
        assertEquals(List.of("team/.*"), policy.repositoryPatterns());
        assertEquals(List.of("production", "latest", "v\\d+\\.\\d+\\.\\d+"), policy.protectedTags());
        assertEquals(List.of(new CleanupRule.UntaggedOlderThan(Duration.ofDays(14)), new CleanupRule.KeepNewest(5, "intermediate-(.*)-\\d{8}"),
                new CleanupRule.TaggedOlderThan(Duration.ofDays(84), "feature-.*")), policy.rules());
        assertEquals("deployed.txt", policy.inUseFile());
        assertEquals("intermediate", policy.buildCacheTag(), "the nightly build's cache tag is kept unless the policy says otherwise");
        assertEquals(new InUse("web", "sha256:" + "a".repeat(64), null), InUse.parse(policy.inUse().get(0), "inUse[0]"));
        assertEquals(new InUse("api", null, "qa"), InUse.parse(policy.inUse().get(1), "inUse[1]"));
    }

    @Test
    void readsTheSamePolicyFromJson() {
        String json = """
                {"repositories": ["web"], "buildCacheTag": null,
                 "rules": [{"untaggedOlderThan": "1d"}, {"keep": 0, "tagGroup": "pr-(\\\\d+)-.*"}]}
                """;
        CleanupPolicy policy = PolicyReader.read(json, "policy.json");
        assertEquals(List.of(new CleanupRule.UntaggedOlderThan(Duration.ofDays(1)), new CleanupRule.KeepNewest(0, "pr-(\\d+)-.*")), policy.rules());
        assertEquals(null, policy.buildCacheTag());
    }

    @Test
    void theReadmesPolicyReads() throws Exception {
        String readme = java.nio.file.Files.readString(io.jenkins.plugins.ecrpipeline.support.ProjectRoot.resolve("README.md"));
        String section = readme.substring(readme.indexOf("## Cleanup"));
        String yaml = section.substring(section.indexOf("```yaml\n") + 8, section.indexOf("```", section.indexOf("```yaml\n") + 8));

        CleanupPolicy policy = PolicyReader.read(yaml, "README.md");

        assertEquals(3, policy.rules().size());
        assertEquals(List.of("web-production", "api-production"), policy.repositories());
    }

    private static PipelineException bad(String yaml) {
        return assertThrows(PipelineException.class, () -> PolicyReader.read(yaml, "policy.yaml"));
    }

    @Test
    void unknownFieldIsNamed() {
        PipelineException top = bad("repositories: [web]\nrules: [{untaggedOlderThan: 1d}]\nprotectTags: [production]\n");
        assertEquals("protectTags", top.field().orElse(null));
        assertTrue(top.getMessage().contains("unknown field 'protectTags'") && top.getMessage().contains("protectedTags"), top.getMessage());

        PipelineException inRule = bad("repositories: [web]\nrules:\n  - untaggedOlderThan: 1d\n  - keep: 3\n    tagGroup: 'a-(.*)'\n    olderThan: 3d\n");
        assertEquals("rules[1].olderThan", inRule.field().orElse(null));
        assertTrue(inRule.getMessage().contains("known here: keep, tagGroup"), inRule.getMessage());

        assertEquals("rules[0].deleteUntagged", bad("repositories: [web]\nrules: [{deleteUntagged: 1d}]\n").field().orElse(null));
    }

    @Test
    void badRegexIsNamed() {
        PipelineException e = bad("repositories: [web]\nrules:\n  - untaggedOlderThan: 1d\n  - keep: 3\n    tagGroup: 'intermediate-(.*'\n");
        assertEquals("rules[1].tagGroup", e.field().orElse(null));
        assertTrue(e.getMessage().contains("invalid regular expression 'intermediate-(.*'"), e.getMessage());
        assertEquals("protectedTags[1]", bad("repositories: [web]\nrules: [{untaggedOlderThan: 1d}]\nprotectedTags: [ok, '[v']\n")
                .field().orElse(null));
        assertEquals("repositoryPatterns[0]", bad("repositoryPatterns: ['*']\nrules: [{untaggedOlderThan: 1d}]\n").field().orElse(null));
    }

    @Test
    void negativeCountIsNamed() {
        PipelineException e = bad("repositories: [web]\nrules:\n  - untaggedOlderThan: 1d\n  - keep: -1\n    tagGroup: 'a-(.*)'\n");
        assertEquals("rules[1].keep", e.field().orElse(null));
        assertTrue(e.getMessage().contains("invalid count -1 in rules[1].keep"), e.getMessage());
        assertEquals("rules[0].keep", bad("repositories: [web]\nrules: [{keep: three, tagGroup: 'a-(.*)'}]\n").field().orElse(null));
    }

    @Test
    void ageWithoutUnitIsNamed() {
        PipelineException e = bad("repositories: [web]\nrules: [{untaggedOlderThan: 14}]\n");
        assertEquals("rules[0].untaggedOlderThan", e.field().orElse(null));
        assertTrue(e.getMessage().contains("invalid age '14'") && e.getMessage().contains("e.g. 14d"), e.getMessage());
        assertEquals("rules[0].taggedOlderThan", bad("repositories: [web]\nrules: [{taggedOlderThan: 3 days}]\n").field().orElse(null));
    }

    @Test
    void otherMistakesAreNamedToo() {
        assertEquals("repositories", bad("rules: [{untaggedOlderThan: 1d}]\n").field().orElse(null));
        assertEquals("rules", bad("repositories: [web]\n").field().orElse(null));
        assertEquals("inUse[0]", bad("repositories: [web]\nrules: [{untaggedOlderThan: 1d}]\ninUse: ['web@sha256:123']\n").field().orElse(null));
        assertEquals("allowEmptyRepository", bad("repositories: [web]\nrules: [{untaggedOlderThan: 1d}]\nallowEmptyRepository: sometimes\n")
                .field().orElse(null));
        assertEquals("rules[0].tagGroup", bad("repositories: [web]\nrules: [{keep: 2}]\n").field().orElse(null));
        assertEquals("policy", bad("repositories: [web\n").field().orElse(null));
    }
}
