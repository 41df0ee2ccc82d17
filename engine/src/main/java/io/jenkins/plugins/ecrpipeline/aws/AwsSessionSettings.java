package io.jenkins.plugins.ecrpipeline.aws;

import java.net.URI;
import java.time.Duration;

/**
 * How to open an {@link AwsSession}.
 *
 * @param region the region, or null to take it from the environment or the instance identity document
 * @param endpointOverride where STS and ECR calls go instead of AWS (a local emulator), or null
 * @param assumeRole a role to assume on top of the found credentials, or null
 * @param imdsTimeout how long an instance metadata call may take before it counts as the hop-limit hang
 */
public record AwsSessionSettings(String region, URI endpointOverride, AssumeRoleSettings assumeRole, Duration imdsTimeout)
        implements java.io.Serializable {
    public static AwsSessionSettings defaults() {
        return new AwsSessionSettings(null, null, null, Duration.ofSeconds(2));
    }

    public AwsSessionSettings withAssumeRole(AssumeRoleSettings role) {
        return new AwsSessionSettings(region, endpointOverride, role, imdsTimeout);
    }
}
