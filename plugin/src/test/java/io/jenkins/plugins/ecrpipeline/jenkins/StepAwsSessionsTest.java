package io.jenkins.plugins.ecrpipeline.jenkins;

import static io.jenkins.plugins.ecrpipeline.jenkins.StepEnvironments.ENDPOINT;
import static io.jenkins.plugins.ecrpipeline.jenkins.StepEnvironments.ROLE;
import static io.jenkins.plugins.ecrpipeline.jenkins.StepEnvironments.SESSION_NAME;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import io.jenkins.plugins.ecrpipeline.aws.AssumeRoleSettings;
import io.jenkins.plugins.ecrpipeline.aws.AwsSessionSettings;
import io.jenkins.plugins.ecrpipeline.ecr.EcrAuthorizationRequest;
import java.time.Duration;
import java.util.List;
import org.junit.Test;

/**
 * Every step opens its AWS session the same way: the build's {@code AWS_ENDPOINT_URL}, a 2 s instance metadata timeout,
 * a role for an hour under the job's session name. Plain JUnit: no Jenkins needed.
 */
public class StepAwsSessionsTest {
    private static final Duration IMDS = Duration.ofSeconds(2);
    private static final AssumeRoleSettings ASSUMED = new AssumeRoleSettings(ROLE, null, SESSION_NAME, Duration.ofHours(1));

    @Test
    public void aSessionTakesTheBuildsEndpointAndAnEmptyRegionIsTheAgents() {
        assertEquals(new AwsSessionSettings("eu-west-1", ENDPOINT, null, IMDS), StepAwsSessions.session("eu-west-1", null, StepEnvironments.build()));
        assertEquals(new AwsSessionSettings(null, ENDPOINT, null, IMDS), StepAwsSessions.session("", null, StepEnvironments.build()));
        assertEquals(new AwsSessionSettings(null, null, null, IMDS), StepAwsSessions.session(null, null, new hudson.EnvVars()));
    }

    @Test
    public void aRoleIsAssumedForAnHourUnderTheJobsSessionName() {
        assertEquals(ASSUMED, StepAwsSessions.role(ROLE, StepEnvironments.build()));
        assertNull(StepAwsSessions.role("", StepEnvironments.build()));
        assertNull(StepAwsSessions.role(null, StepEnvironments.build()));
    }

    @Test
    public void ecrsApiUsesTheOwnAccountAndTheRolesAccountFirst() {
        assertEquals(new EcrAuthorizationRequest(new AwsSessionSettings("eu-west-1", ENDPOINT, null, IMDS), true, List.of(ASSUMED), List.of(), List.of()),
                StepAwsSessions.ecrApi("eu-west-1", ROLE, StepEnvironments.build()));
        assertEquals(List.of(), StepAwsSessions.ecrApi("", "", StepEnvironments.build()).roles());
    }

    /** withAwsRole's own role settings (external id, session name, duration) ride on the same session. */
    @Test
    public void withAwsRoleAssumesItsRoleWithItsOwnSettings() {
        WithAwsRoleStep.Settings settings = new WithAwsRoleStep.Settings("eu-central-1", ROLE, "ext-42", "", 900, "", "nightly#7");
        assertEquals(new AwsSessionSettings("eu-central-1", ENDPOINT, new AssumeRoleSettings(ROLE, "ext-42", SESSION_NAME, Duration.ofSeconds(900)), IMDS),
                settings.session(StepEnvironments.build()));
        WithAwsRoleStep.Settings agentOnly = new WithAwsRoleStep.Settings("", "", "", "named", 3600, "", "nightly#7");
        assertEquals(new AwsSessionSettings(null, ENDPOINT, null, IMDS), agentOnly.session(StepEnvironments.build()));
        assertEquals(StepAwsCredentials.AGENT, agentOnly.credentials());
    }

    /** ecrDockerLogin and withEcr name their regions one by one; the session itself has none. */
    @Test
    public void theLoginStepsLogInToEachRegionAndTheRolesAccount() {
        EcrLoginStep step = new EcrLoginStep();
        step.setRegions("eu-west-1, us-east-1");
        step.setRole(ROLE);
        step.setRegistryIds("333333333333");
        assertEquals(new EcrAuthorizationRequest(new AwsSessionSettings(null, ENDPOINT, null, IMDS), true, List.of(ASSUMED),
                List.of("eu-west-1", "us-east-1"), List.of("333333333333")), step.settings().request(StepEnvironments.build()));
    }
}
