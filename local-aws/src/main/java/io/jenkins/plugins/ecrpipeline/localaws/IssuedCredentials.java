package io.jenkins.plugins.ecrpipeline.localaws;

import java.time.Instant;

/**
 * Credentials the local endpoints handed out, and whom they stand for: a role session's, or an IAM user's access key.
 *
 * @param accessKeyId the access key id ({@code ASIA...} for a session, {@code AKIA...} for a user's key)
 * @param secretAccessKey the secret key
 * @param sessionToken the session token; null for a user's access key
 * @param expiration when they stop working
 * @param account the 12-digit account they belong to
 * @param arn the caller ARN ({@code arn:aws:sts::<account>:assumed-role/<role>/<session>} or {@code arn:aws:iam::<account>:user/<name>})
 * @param userId the caller's unique id ({@code <role id>:<session>})
 * @param roleChained whether they came from AssumeRole called with role credentials (sessions then last at most 1 h)
 */
record IssuedCredentials(String accessKeyId, String secretAccessKey, String sessionToken, Instant expiration,
        String account, String arn, String userId, boolean roleChained) {

    @Override
    public String toString() {
        // Never print the secret or the token, even in a debugger or a failed assertion.
        return "IssuedCredentials[" + accessKeyId + ", " + arn + ", expires " + expiration + "]";
    }
}
