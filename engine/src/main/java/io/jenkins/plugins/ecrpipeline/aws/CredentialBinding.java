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
 */
public record CredentialBinding(Map<String, String> publicVariables, Map<String, Secret> secretVariables) implements Serializable {
    private static final long serialVersionUID = 1L;

    public CredentialBinding {
        publicVariables = Map.copyOf(publicVariables);
        secretVariables = Map.copyOf(secretVariables);
        if (publicVariables.keySet().stream().anyMatch(secretVariables::containsKey)) {
            throw new IllegalArgumentException("a variable is either public or secret");
        }
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
