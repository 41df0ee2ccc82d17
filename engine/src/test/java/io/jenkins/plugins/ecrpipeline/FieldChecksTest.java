package io.jenkins.plugins.ecrpipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.ecrpipeline.aws.AwsEnvironment;
import io.jenkins.plugins.ecrpipeline.aws.AwsSession;
import io.jenkins.plugins.ecrpipeline.aws.AwsSessionSettings;
import io.jenkins.plugins.ecrpipeline.cleanup.CleanupPolicy;
import io.jenkins.plugins.ecrpipeline.ecr.EcrAuthorizationRequest;
import io.jenkins.plugins.ecrpipeline.intermediatebuild.Durations;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** A form's check of a value says what the engine says when a request carries that value, and nothing for a good one. */
class FieldChecksTest {
    private static String engineError(Executable request) {
        return assertThrows(PipelineException.class, request).getMessage();
    }

    @Test
    void validValuesPass() {
        for (String region : List.of("eu-west-1", "us-gov-west-1", "cn-northwest-1", "us-isob-east-1", "ap-southeast-7", " eu-central-2 ")) {
            assertEquals(Optional.empty(), FieldChecks.region(region, "region"), region);
        }
        assertEquals(Optional.empty(), FieldChecks.age("14d", "untaggedOlderThan"));
        assertEquals(Optional.empty(), FieldChecks.duration("1h30m", "service timeout"));
        assertEquals(Optional.empty(), FieldChecks.regex("v[0-9.]+", "protectedTags[0]"));
        assertEquals(Optional.empty(), FieldChecks.servicePattern("-(production|qa)$"));
        assertEquals(Optional.empty(), FieldChecks.keepRule("10=intermediate-(.*)", "keep[0]"));
        assertEquals(Optional.empty(), FieldChecks.keepRule("0=pr-.*", "keep[0]"));
    }

    @Test
    void aRegionIsCheckedAsASessionAndAnEcrLoginCheckIt() {
        assertEquals(engineError(() -> AwsSession.open(new AwsSessionSettings("eu_west_1", null, null, Duration.ofSeconds(1)),
                AwsEnvironment.of(Map.of()))), FieldChecks.region("eu_west_1", "region").orElseThrow());
        assertEquals(engineError(() -> new EcrAuthorizationRequest(AwsSessionSettings.defaults(), true, List.of(), List.of("eu-west-1", "Frankfurt"),
                List.of())), FieldChecks.region("Frankfurt", "regions").orElseThrow());
        assertEquals("invalid AWS region 'eu-west' in region: write a region code such as eu-west-1 (lower-case words and a number, "
                + "joined by hyphens)", FieldChecks.region("eu-west", "region").orElseThrow());
    }

    @Test
    void agesAndKeepRulesAreCheckedAsACleanupPolicyChecksThem() {
        assertEquals(engineError(() -> CleanupPolicy.builder().repository("web").untaggedOlderThan("14")),
                FieldChecks.age("14", "rules[0].untaggedOlderThan").orElseThrow());
        assertEquals(engineError(() -> CleanupPolicy.builder().repository("web").keep("three=x-(.*)")),
                FieldChecks.keepRule("three=x-(.*)", "rules[0]").orElseThrow());
        assertEquals(engineError(() -> CleanupPolicy.builder().repository("web").keep("-2=x-(.*)").build()),
                FieldChecks.keepRule("-2=x-(.*)", "rules[0]").orElseThrow());
        assertEquals(engineError(() -> CleanupPolicy.builder().repository("web").keep("3=x-(.*").build()),
                FieldChecks.keepRule("3=x-(.*", "rules[0]").orElseThrow());
        assertEquals(engineError(() -> CleanupPolicy.builder().repository("web").untaggedOlderThan("1d").protectedTag("[prod").build()),
                FieldChecks.regex("[prod", "protectedTags[0]").orElseThrow());
        assertTrue(FieldChecks.keepRule("3=x-(.*", "keep[1]").orElseThrow().startsWith("invalid regular expression 'x-(.*' in keep[1].tagGroup: "));
    }

    @Test
    void durationsAndServicePatternsSayHowToWriteThem() {
        assertEquals(engineError(() -> Durations.parse("5 minutes", "service timeout")), FieldChecks.duration("5 minutes", "service timeout").orElseThrow());
        assertEquals("invalid service timeout '5 minutes': write a number with a unit, e.g. 90s, 30m, 2h or 1h30m",
                FieldChecks.duration("5 minutes", "service timeout").orElseThrow());
        assertEquals("invalid service pattern '-(production': Unclosed group (at index 12). Example: '-(production|qa)'.",
                FieldChecks.servicePattern("-(production").orElseThrow());
    }
}
