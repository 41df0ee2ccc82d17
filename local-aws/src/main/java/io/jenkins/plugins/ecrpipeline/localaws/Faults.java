package io.jenkins.plugins.ecrpipeline.localaws;

import java.time.Duration;

/**
 * Faults the local endpoints inject, switchable while they run.
 *
 * @param throttleEvery every Nth AWS API call fails with {@code ThrottlingException} (0: never)
 * @param serverErrorEvery every Nth AWS API call fails with HTTP 500 (0: never)
 * @param unavailableEvery every Nth AWS API call fails with HTTP 503 (0: never)
 * @param latency added to every AWS API call
 * @param imdsV1Allowed whether IMDS answers requests without a session token (IMDSv1)
 * @param imdsHopLimitExceeded simulate a container behind hop limit 1: the token PUT never answers
 * @param credentialLifetime lifetime of newly issued credentials, or null for the settings' default
 * @param authorizationTokenLifetime lifetime of new ECR passwords, or null for the settings' default
 */
public record Faults(int throttleEvery, int serverErrorEvery, int unavailableEvery, Duration latency, boolean imdsV1Allowed,
        boolean imdsHopLimitExceeded, Duration credentialLifetime, Duration authorizationTokenLifetime) {
    public Faults {
        if (throttleEvery < 0 || serverErrorEvery < 0 || unavailableEvery < 0) {
            throw new IllegalArgumentException("fault rates are 0 (off) or positive");
        }
        latency = latency == null ? Duration.ZERO : latency;
    }

    public static Faults none() {
        return new Faults(0, 0, 0, Duration.ZERO, false, false, null, null);
    }
}
