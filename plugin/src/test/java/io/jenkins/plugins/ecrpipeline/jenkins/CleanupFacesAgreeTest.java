package io.jenkins.plugins.ecrpipeline.jenkins;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import hudson.EnvVars;
import io.jenkins.plugins.ecrpipeline.PipelineException;
import io.jenkins.plugins.ecrpipeline.cleanup.CleanupPolicy;
import io.jenkins.plugins.ecrpipeline.cli.CleanupCommandPolicies;
import java.util.List;
import org.junit.Test;

/**
 * The {@code ecrCleanup} step and the CLI's {@code cleanup} accept the same options and make the same policy of them:
 * one option set, spelled as each face spells it. Plain JUnit: the step's mapping needs no Jenkins.
 */
public class CleanupFacesAgreeTest {
    @Test
    public void theStepAndTheCliMakeTheSamePolicyOfEveryOption() {
        EcrCleanupStep step = new EcrCleanupStep();
        step.setRepositories("web, api");
        step.setRepositoryPatterns(List.of("team-.*"));
        step.setUntaggedOlderThan("14d");
        step.setKeep(List.of("10=intermediate-(.*)"));
        step.setTaggedOlderThan("90d");
        step.setTagPattern("pr-[0-9]+");
        step.setProtectedTags(List.of("production"));
        step.setInUse(List.of("web:live"));
        step.setInUseFile("deployed.txt");
        step.setBuildCacheTag("nightly");
        step.setAllowEmptyRepository(true);
        step.setEcrApi(false);
        step.setRegistry("registry.example");
        CleanupPolicy fromStep = step.request(null, new EnvVars()).policy();

        CleanupPolicy fromCli = CleanupCommandPolicies.policyOf("--repository", "web,api", "--repository-pattern", "team-.*",
                "--untagged-older-than", "14d", "--keep", "10=intermediate-(.*)", "--tagged-older-than", "90d", "--tag-pattern", "pr-[0-9]+",
                "--protect", "production", "--in-use", "web:live", "--in-use-file", "deployed.txt", "--build-cache-tag", "nightly",
                "--allow-empty-repository");

        assertEquals(fromCli, fromStep);
    }

    @Test
    public void theDefaultsAgreeToo() {
        EcrCleanupStep step = new EcrCleanupStep();
        step.setRepositories("web");
        step.setUntaggedOlderThan("7d");
        step.setEcrApi(false);
        step.setRegistry("registry.example");
        assertEquals(CleanupCommandPolicies.policyOf("--repository", "web", "--untagged-older-than", "7d"),
                step.request(null, new EnvVars()).policy());
    }

    @Test
    public void aTagPatternWithoutItsAgeFailsInBoth() {
        EcrCleanupStep step = new EcrCleanupStep();
        step.setRepositories("web");
        step.setUntaggedOlderThan("7d");
        step.setTagPattern("pr-.*");
        step.setEcrApi(false);
        step.setRegistry("registry.example");
        PipelineException fromStep = assertThrows(PipelineException.class, () -> step.request(null, new EnvVars()));
        PipelineException fromCli = assertThrows(PipelineException.class, () -> CleanupCommandPolicies.policyOf("--repository", "web",
                "--untagged-older-than", "7d", "--tag-pattern", "pr-.*"));
        assertEquals(fromCli.getMessage(), fromStep.getMessage());
        assertEquals("tag pattern", fromStep.field().orElseThrow());
    }

    /** Jenkinsfiles written before the rename keep working: ecrLogin is ecrApi's deprecated alias. */
    @Test
    public void theOldEcrLoginParameterStillSetsEcrApi() {
        EcrCleanupStep step = new EcrCleanupStep();
        step.setEcrLogin(false);
        assertEquals(false, step.isEcrApi());
        step.setEcrLogin(true);
        assertEquals(true, step.isEcrApi());
    }
}
