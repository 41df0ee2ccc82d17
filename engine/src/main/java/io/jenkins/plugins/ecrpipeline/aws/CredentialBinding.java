package io.jenkins.plugins.ecrpipeline.aws;

import java.util.Map;
import java.util.Set;

/**
 * Credentials bound for a block of work: the variables to set, and the exact values to mask in every log.
 * {@code toString} never shows the values.
 */
public record CredentialBinding(Map<String, String> environment, Set<String> secretValues) {
    public CredentialBinding {
        environment = Map.copyOf(environment);
        secretValues = Set.copyOf(secretValues);
    }

    @Override
    public String toString() {
        return "CredentialBinding" + environment.keySet();
    }
}
