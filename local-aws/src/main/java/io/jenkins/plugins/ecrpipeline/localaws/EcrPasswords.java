package io.jenkins.plugins.ecrpipeline.localaws;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Registry passwords handed out by GetAuthorizationToken: many may be valid at once; each expires. */
final class EcrPasswords {
    record Grant(String account, Instant expiresAt) {
    }

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Grant> grants = new ConcurrentHashMap<>();
    /** Expired ones too: grants forgets them, a secret scan must not. */
    private final java.util.Set<String> everIssued = ConcurrentHashMap.newKeySet();
    private final Clock clock;

    EcrPasswords(Clock clock) {
        this.clock = clock;
    }

    /** @return the new password; it works for {@code account}'s registry until {@code lifetime} has passed */
    String issue(String account, Duration lifetime) {
        byte[] raw = new byte[48];
        random.nextBytes(raw);
        String password = Base64.getEncoder().encodeToString(raw);
        grants.put(password, new Grant(account, clock.instant().plus(lifetime)));
        everIssued.add(password);
        return password;
    }

    /** Every password handed out so far, expired ones included. */
    java.util.Set<String> issued() {
        return java.util.Set.copyOf(everIssued);
    }

    Grant grantFor(String password) {
        return grants.get(password);
    }

    /** The account the password is valid for now, or null when it is unknown or expired. */
    String validAccount(String password) {
        Grant grant = grants.get(password);
        if (grant == null) {
            return null;
        }
        if (!clock.instant().isBefore(grant.expiresAt())) {
            grants.remove(password);
            return null;
        }
        return grant.account();
    }
}
