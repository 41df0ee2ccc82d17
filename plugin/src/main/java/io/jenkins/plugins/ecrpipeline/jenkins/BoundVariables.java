package io.jenkins.plugins.ecrpipeline.jenkins;

import hudson.EnvVars;
import hudson.util.Secret;
import io.jenkins.plugins.ecrpipeline.aws.CredentialBinding;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jenkinsci.plugins.workflow.steps.EnvironmentExpander;

/**
 * The variables a block step adds, with the secret ones declared sensitive (Jenkins then warns when a script
 * interpolates them into a Groovy string) and stored as {@link Secret}, since this object is saved with the Pipeline.
 */
final class BoundVariables extends EnvironmentExpander {
    private static final long serialVersionUID = 1L;

    private final Map<String, String> publicVariables;
    private final Map<String, Secret> secretVariables;

    BoundVariables(Map<String, String> publicVariables, Map<String, Secret> secretVariables) {
        this.publicVariables = new TreeMap<>(publicVariables);
        this.secretVariables = new TreeMap<>(secretVariables);
    }

    static BoundVariables of(CredentialBinding binding, Map<String, String> morePublic) {
        Map<String, String> publicVariables = new HashMap<>(binding.publicVariables());
        publicVariables.putAll(morePublic);
        Map<String, Secret> secrets = new HashMap<>();
        binding.secretVariables().forEach((name, secret) -> secrets.put(name, Secret.fromString(secret.reveal())));
        return new BoundVariables(publicVariables, secrets);
    }

    @Override
    public void expand(EnvVars env) {
        env.overrideAll(publicVariables);
        secretVariables.forEach((name, secret) -> env.override(name, secret.getPlainText()));
    }

    @Override
    public Set<String> getSensitiveVariables() {
        return Set.copyOf(secretVariables.keySet());
    }
}
