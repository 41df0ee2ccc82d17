package io.jenkins.plugins.ecrpipeline.cleanup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What an ECR lifecycle policy can say of a cleanup policy, and the list of what it cannot. */
class LifecyclePolicyExportTest {
    @Test
    void rendersCountRulesFirstThenAgesAndListsWhatCannotBeExpressed() throws Exception {
        CleanupPolicy policy = PolicyReader.read("""
                repositories: [web]
                protectedTags: [production]
                rules:
                  - untaggedOlderThan: 14d
                  - keep: 5
                    tagGroup: '(intermediate)-.*'
                  - keep: 3
                    tagGroup: 'pr-(\\d+)-.*'
                  - taggedOlderThan: 36h
                    tagPattern: 'feature-.*|fix-.*'
                  - taggedOlderThan: 90d
                """, "policy.yaml");

        LifecyclePolicyExport.Export export = LifecyclePolicyExport.render(policy);

        JsonNode rules = new ObjectMapper().readTree(export.json()).get("rules");
        assertEquals(4, rules.size(), export.json());
        assertEquals("imageCountMoreThan", rules.get(0).at("/selection/countType").asText());
        assertEquals("intermediate-*", rules.get(0).at("/selection/tagPatternList/0").asText());
        assertEquals(5, rules.get(0).at("/selection/countNumber").asInt());
        assertEquals("untagged", rules.get(1).at("/selection/tagStatus").asText());
        assertEquals(14, rules.get(1).at("/selection/countNumber").asInt());
        assertEquals("feature-*", rules.get(2).at("/selection/tagPatternList/0").asText());
        assertEquals(2, rules.get(2).at("/selection/countNumber").asInt(), "36h rounds up to whole days");
        assertEquals("fix-*", rules.get(3).at("/selection/tagPatternList/0").asText());
        for (int i = 0; i < rules.size(); i++) {
            assertEquals(i + 1, rules.get(i).get("rulePriority").asInt());
            assertEquals("expire", rules.get(i).at("/action/type").asText());
        }
        String missing = String.join("\n", export.notExpressed());
        assertTrue(missing.contains("protectedTags [production]: lifecycle rules cannot exclude tags"), missing);
        assertTrue(missing.contains("rules[2] keep 3 newest of tagGroup pr-(\\d+)-.*: ECR counts all images matching a pattern together"), missing);
        assertTrue(missing.contains("rules[3] taggedOlderThan 1d 12h") || missing.contains("rounded up to 2 day(s)"), missing);
        assertTrue(missing.contains("rules[4] taggedOlderThan 90d: every tagged image, protected ones included, would expire"), missing);
    }

    @Test
    void aPolicyOfRegexesOnlyHasNoLifecyclePolicy() {
        CleanupPolicy policy = CleanupPolicy.builder().repository("web").keepNewest(2, "(main|dev)-[0-9]{8}").build();
        LifecyclePolicyExport.Export export = LifecyclePolicyExport.render(policy);
        assertNull(export.json());
        assertTrue(export.notExpressed().stream().anyMatch(m -> m.contains("per tag group")), export.notExpressed().toString());
    }

    @Test
    void wildcardsComeOnlyFromRegexesThatAreWildcardsInDisguise() {
        assertEquals(Optional.of("v1.*"), LifecyclePolicyExport.wildcard("v1\\..*"));
        assertEquals(Optional.of("release"), LifecyclePolicyExport.wildcard("release"));
        assertEquals(Optional.empty(), LifecyclePolicyExport.wildcard("v[0-9]+"));
        assertEquals(Optional.empty(), LifecyclePolicyExport.wildcard("a.*b.*c.*d.*e.*"), "ECR allows 4 wildcards");
    }
}
