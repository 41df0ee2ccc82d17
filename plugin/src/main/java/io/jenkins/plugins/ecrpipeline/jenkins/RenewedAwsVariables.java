package io.jenkins.plugins.ecrpipeline.jenkins;

import hudson.EnvVars;
import hudson.model.Computer;
import hudson.util.Secret;
import io.jenkins.plugins.ecrpipeline.PipelineException;
import io.jenkins.plugins.ecrpipeline.aws.CredentialBinding;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.credentialsbinding.masking.SecretPatterns;
import org.jenkinsci.plugins.workflow.steps.EnvironmentExpander;

/**
 * The AWS variables of a {@code withAwsRole} block. This object is saved with the Pipeline ({@code program.dat}), so
 * it holds no copy of the build's environment and keeps secrets only as {@link Secret}. Secret variables are declared
 * sensitive (Jenkins warns when a script interpolates them into a Groovy string). When a step starts in the block close
 * to the credentials' expiry, they are read again from the agent with that step's own environment, so a long block
 * keeps working; every value ever bound stays in the mask pattern of the log filter.
 */
final class RenewedAwsVariables extends EnvironmentExpander {
    private static final long serialVersionUID = 1L;

    private final String computer;
    private final WithAwsRoleStep.Settings settings;
    private TreeMap<String, String> publicVariables;
    private TreeMap<String, Secret> secretVariables;
    private long boundAtMillis;
    private long expiresAtMillis;
    private final List<Secret> everBound = new ArrayList<>();
    /** credentials-binding's pattern of every value ever bound, in all the forms a shell prints; made on the controller. */
    private Secret maskPattern;
    /** {@link #maskPattern} compiled, once per renewal (the log filter asks at every line). */
    private transient Pattern compiled;

    RenewedAwsVariables(String computer, WithAwsRoleStep.Settings settings, CredentialBinding first) {
        this.computer = computer;
        this.settings = settings;
        take(first);
    }

    private synchronized void take(CredentialBinding binding) {
        publicVariables = new TreeMap<>(binding.publicVariables());
        secretVariables = new TreeMap<>();
        // A loop, not a lambda: the writes stay visibly inside this synchronized method.
        for (Map.Entry<String, io.jenkins.plugins.ecrpipeline.process.Secret> variable : binding.secretVariables().entrySet()) {
            Secret secret = Secret.fromString(variable.getValue().reveal());
            secretVariables.put(variable.getKey(), secret);
            everBound.add(secret);
        }
        boundAtMillis = System.currentTimeMillis();
        expiresAtMillis = binding.expiresAt() == null ? -1 : binding.expiresAt().toEpochMilli();
        maskPattern = Secret.fromString(SecretPatterns.getAggregateSecretPattern(everBound.stream().map(Secret::getPlainText).toList()).pattern());
        compiled = null;
    }

    @Override
    public void expand(EnvVars env) throws IOException, InterruptedException {
        renewIfExpiring(env);
        synchronized (this) {
            env.overrideAll(publicVariables);
            secretVariables.forEach((name, secret) -> env.override(name, secret.getPlainText()));
        }
    }

    /** @param environment the starting step's environment, before this block's variables: what the credential chain reads */
    private void renewIfExpiring(EnvVars environment) throws IOException, InterruptedException {
        CredentialBinding current;
        synchronized (this) {
            current = new CredentialBinding(Map.of(), Map.of(), expiresAtMillis < 0 ? null : Instant.ofEpochMilli(expiresAtMillis));
            if (!current.needsRenewal(Instant.now(), Instant.ofEpochMilli(boundAtMillis))) {
                return;
            }
        }
        Computer agent = Jenkins.get().getComputer(computer);
        if (agent == null || agent.getChannel() == null) {
            throw new IOException(Messages.RenewedAwsVariables_AgentOffline(current.expiresAt(), computer));
        }
        try {
            take(AgentCalls.call(agent.getChannel(), new AgentCalls.Bind(settings.session(environment), settings.credentials().over(environment))));
        } catch (PipelineException e) {
            // The error is kept with the build (flow node): its text masked with what this block bound, and no cause that
            // would carry the unmasked one.
            throw new IOException(Messages.RenewedAwsVariables_RenewalFailed(maskPattern().matcher(String.valueOf(e.getMessage()))
                    .replaceAll(java.util.regex.Matcher.quoteReplacement(io.jenkins.plugins.ecrpipeline.process.Redaction.MASK))));
        }
    }

    /** The pattern of every secret value this block has bound, current and earlier, for the log filter. */
    synchronized Pattern maskPattern() {
        if (compiled == null) {
            compiled = Pattern.compile(maskPattern.getPlainText());
        }
        return compiled;
    }

    @Override
    public synchronized Set<String> getSensitiveVariables() {
        return Set.copyOf(secretVariables.keySet());
    }
}
