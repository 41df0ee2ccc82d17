package io.jenkins.plugins.ecrpipeline.localaws;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

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
 * @param deleteFailures image digest to the {@code failureCode} BatchDeleteImage answers for it in {@code failures[]}
 *     (the image stays), as ECR does for an image it cannot delete; codes from the service model's ImageFailureCode
 * @param deniedActions ECR actions ({@code ecr:DescribeRepositories}) that every caller is denied, as for an IAM policy
 *     that does not allow them: the call answers {@code AccessDeniedException}
 */
public record Faults(int throttleEvery, int serverErrorEvery, int unavailableEvery, Duration latency, boolean imdsV1Allowed,
        boolean imdsHopLimitExceeded, Duration credentialLifetime, Duration authorizationTokenLifetime, Map<String, String> deleteFailures,
        Set<String> deniedActions) {
    /** ImageFailureCode of the ECR service model (2015-09-21). */
    static final Set<String> FAILURE_CODES = Set.of("InvalidImageDigest", "InvalidImageTag", "ImageTagDoesNotMatchDigest", "ImageNotFound",
            "MissingDigestAndTag", "ImageReferencedByManifestList", "KmsError", "UpstreamAccessDenied", "UpstreamTooManyRequests",
            "UpstreamUnavailable", "ImageInaccessible");

    public Faults {
        if (throttleEvery < 0 || serverErrorEvery < 0 || unavailableEvery < 0) {
            throw new IllegalArgumentException("fault rates are 0 (off) or positive");
        }
        latency = latency == null ? Duration.ZERO : latency;
        deleteFailures = deleteFailures == null ? Map.of() : Map.copyOf(deleteFailures);
        deniedActions = deniedActions == null ? Set.of() : Set.copyOf(deniedActions);
        for (String action : deniedActions) {
            if (!action.startsWith("ecr:") || !EcrEndpoint.MEMBERS.containsKey(action.substring(4))) {
                throw new IllegalArgumentException("deniedActions: '" + action + "' is not an ECR action this server answers; one of "
                        + EcrEndpoint.MEMBERS.keySet().stream().sorted().map(a -> "ecr:" + a).toList());
            }
        }
        for (String code : deleteFailures.values()) {
            if (!FAILURE_CODES.contains(code)) {
                throw new IllegalArgumentException("deleteFailures: '" + code + "' is not an ECR ImageFailureCode; one of "
                        + FAILURE_CODES.stream().sorted().toList());
            }
        }
    }

    /** Faults without delete failures. */
    public Faults(int throttleEvery, int serverErrorEvery, int unavailableEvery, Duration latency, boolean imdsV1Allowed,
            boolean imdsHopLimitExceeded, Duration credentialLifetime, Duration authorizationTokenLifetime) {
        this(throttleEvery, serverErrorEvery, unavailableEvery, latency, imdsV1Allowed, imdsHopLimitExceeded, credentialLifetime,
                authorizationTokenLifetime, Map.of(), Set.of());
    }

    /** No faults but these delete failures (digest to failure code). */
    public static Faults deleteFailures(Map<String, String> failures) {
        return new Faults(0, 0, 0, Duration.ZERO, false, false, null, null, failures, Set.of());
    }

    /** No faults but these ECR actions denied to every caller. */
    public static Faults denied(Set<String> actions) {
        return new Faults(0, 0, 0, Duration.ZERO, false, false, null, null, Map.of(), actions);
    }

    public static Faults none() {
        return new Faults(0, 0, 0, Duration.ZERO, false, false, null, null);
    }
}
