package io.jenkins.plugins.ecrpipeline.jenkins;

import io.jenkins.plugins.ecrpipeline.aws.AssumeRoleSettings;
import io.jenkins.plugins.ecrpipeline.aws.AwsEnvironment;
import io.jenkins.plugins.ecrpipeline.aws.AwsSessionSettings;
import io.jenkins.plugins.ecrpipeline.ecr.EcrAuthorizationRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How every step opens its AWS session: in the build's environment, where {@code AWS_ENDPOINT_URL} (a local emulator
 * in tests) redirects STS and ECR as it does for the AWS CLI, with the same instance metadata timeout, and a role
 * assumed for an hour under the default session name unless the step says otherwise.
 */
final class StepAwsSessions {
    /** How long an instance metadata call may take before it counts as the hop-limit hang (the CLI's default too). */
    private static final Duration IMDS_TIMEOUT = Duration.ofSeconds(2);
    /** A role's session: long enough for a step, and role chaining from an instance role allows no more. */
    private static final Duration ROLE_SESSION = Duration.ofHours(1);

    private StepAwsSessions() {
    }

    /**
     * @param region the region, or empty for the environment's (else the instance identity document's)
     * @param role a role to assume on top of the credentials, or null
     */
    static AwsSessionSettings session(String region, AssumeRoleSettings role, Map<String, String> environment) {
        return new AwsSessionSettings(Util.nullIfEmpty(region), AwsEnvironment.of(environment).endpointOverride(), role, IMDS_TIMEOUT);
    }

    /** {@code role} assumed for an hour under the default session name; null when {@code role} is empty. */
    static AssumeRoleSettings role(String role, Map<String, String> environment) {
        return role == null || role.isBlank() ? null
                : new AssumeRoleSettings(role.trim(), null, AssumeRoleSettings.defaultSessionName(AwsEnvironment.of(environment)), ROLE_SESSION);
    }

    /**
     * ECR with the agent's own credentials, and {@code role}'s account on top when one is given: that account comes
     * first, so a step that acts on one registry by default acts in the role's account.
     */
    static EcrAuthorizationRequest ecrApi(String region, String role, Map<String, String> environment) {
        AssumeRoleSettings assumed = role(role, environment);
        return new EcrAuthorizationRequest(session(region, null, environment), true, assumed == null ? List.of() : List.of(assumed),
                List.of(), List.of());
    }
}
