package io.jenkins.plugins.ecrpipeline.aws;

import io.jenkins.plugins.ecrpipeline.process.Secret;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Credentials bound for a block of work, with secret and public variables kept apart (as credentials-binding's
 * {@code MultiEnvironment} does), so a block step can mask exactly the secret ones. {@code toString} names the
 * variables only.
 *
 * @param publicVariables variables that may be shown (access key id, region)
 * @param secretVariables variables that must be masked wherever they could appear (secret key, session token)
 * @param expiresAt when these credentials stop working, or null when they do not expire (static keys)
 */
public record CredentialBinding(Map<String, String> publicVariables, Map<String, Secret> secretVariables, java.time.Instant expiresAt)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    public CredentialBinding {
        publicVariables = Map.copyOf(publicVariables);
        secretVariables = Map.copyOf(secretVariables);
        if (publicVariables.keySet().stream().anyMatch(secretVariables::containsKey)) {
            throw new IllegalArgumentException("a variable is either public or secret");
        }
    }

    /** Whether these credentials should be read again at {@code now}: within a quarter of an hour (or of their life) of expiry. */
    public boolean needsRenewal(java.time.Instant now, java.time.Instant boundAt) {
        if (expiresAt == null) {
            return false;
        }
        java.time.Duration quarter = java.time.Duration.between(boundAt, expiresAt).dividedBy(4);
        java.time.Duration margin = quarter.compareTo(java.time.Duration.ofMinutes(15)) > 0 ? java.time.Duration.ofMinutes(15) : quarter;
        return !now.isBefore(expiresAt.minus(margin));
    }

    /** Every variable name, public and secret. */
    public Set<String> variableNames() {
        Set<String> names = new TreeSet<>(publicVariables.keySet());
        names.addAll(secretVariables.keySet());
        return names;
    }

    /** All variables with their values, for the environment of a child process only. */
    public Map<String, String> revealForChildProcess() {
        Map<String, String> all = new HashMap<>(publicVariables);
        secretVariables.forEach((name, secret) -> all.put(name, secret.reveal()));
        return all;
    }

    @Override
    public String toString() {
        return "CredentialBinding[public " + new TreeSet<>(publicVariables.keySet()) + ", secret " + new TreeSet<>(secretVariables.keySet()) + "]";
    }
}
