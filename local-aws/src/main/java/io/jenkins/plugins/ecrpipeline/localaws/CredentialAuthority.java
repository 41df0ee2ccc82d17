package io.jenkins.plugins.ecrpipeline.localaws;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Issues credentials, temporary ones for role sessions and long-term access keys for IAM users, and finds them again
 * when a signed request arrives.
 */
final class CredentialAuthority {
    private static final String KEY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private final SecureRandom random = new SecureRandom();
    private final Map<String, IssuedCredentials> byAccessKey = new ConcurrentHashMap<>();
    /** Revoked ones too: a secret scan must look for them. */
    private final java.util.Set<String> everIssued = ConcurrentHashMap.newKeySet();
    private final Clock clock;

    CredentialAuthority(Clock clock) {
        this.clock = clock;
    }

    /** Credentials for a session of {@code role} in {@code account}. */
    IssuedCredentials issueRoleSession(String account, String role, String sessionName, Duration lifetime, boolean roleChained) {
        String accessKeyId = "ASIA" + randomKey(16);
        String roleId = "AROA" + deterministicId(account + "/" + role);
        IssuedCredentials credentials = new IssuedCredentials(accessKeyId, randomBase64(30), randomBase64(96),
                clock.instant().plus(lifetime), account,
                "arn:aws:sts::" + account + ":assumed-role/" + role + "/" + sessionName, roleId + ":" + sessionName, roleChained);
        byAccessKey.put(accessKeyId, credentials);
        everIssued.add(credentials.secretAccessKey());
        everIssued.add(credentials.sessionToken());
        return credentials;
    }

    /** Long-term access keys of an IAM user of {@code account}: no session token, no expiry (until revoked). */
    IssuedCredentials issueUserKeys(String account, String user) {
        String accessKeyId = "AKIA" + randomKey(16);
        IssuedCredentials credentials = new IssuedCredentials(accessKeyId, randomBase64(30), null, java.time.Instant.MAX, account,
                "arn:aws:iam::" + account + ":user/" + user, "AIDA" + deterministicId(account + "/user/" + user), false);
        byAccessKey.put(accessKeyId, credentials);
        everIssued.add(credentials.secretAccessKey());
        return credentials;
    }

    /** Every secret key and session token handed out so far (tests search files and logs for them). */
    java.util.Set<String> issuedSecrets() {
        return java.util.Set.copyOf(everIssued);
    }

    IssuedCredentials find(String accessKeyId) {
        return byAccessKey.get(accessKeyId);
    }

    /** Makes credentials stop working at once (a revoked session). */
    void revoke(String accessKeyId) {
        byAccessKey.remove(accessKeyId);
    }

    private String randomKey(int length) {
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < length; i++) {
            key.append(KEY_ALPHABET.charAt(random.nextInt(KEY_ALPHABET.length())));
        }
        return key.toString();
    }

    private String randomBase64(int bytes) {
        byte[] raw = new byte[bytes];
        random.nextBytes(raw);
        return Base64.getEncoder().encodeToString(raw);
    }

    /** Role ids are stable for a role, as in IAM. */
    private static String deterministicId(String seed) {
        StringBuilder id = new StringBuilder();
        long h = seed.hashCode() & 0xffffffffL;
        for (int i = 0; i < 17; i++) {
            id.append(KEY_ALPHABET.charAt((int) (h % KEY_ALPHABET.length())));
            h = h * 31 + i + 7;
            h &= 0xffffffffffL;
        }
        return id.toString();
    }
}
