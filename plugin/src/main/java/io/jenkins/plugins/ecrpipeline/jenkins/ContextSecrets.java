package io.jenkins.plugins.ecrpipeline.jenkins;

import hudson.EnvVars;
import hudson.model.ParameterValue;
import hudson.model.ParametersAction;
import hudson.model.Run;
import io.jenkins.plugins.ecrpipeline.process.Redaction;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.jenkinsci.plugins.credentialsbinding.masking.SecretPatterns;
import org.jenkinsci.plugins.workflow.steps.EnvironmentExpander;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * Every secret a step's context holds, as a {@link Redaction} for what the step keeps beyond the console (failure
 * reasons on the build page, reports, messages saved with the flow): the sensitive variables of the enclosing blocks
 * ({@code withCredentials}, {@code withAwsRole}), password parameters, and values the step itself knows. The forms
 * matched are credentials-binding's (quoted, escaped, base64), so a kept text is masked as strongly as the console.
 */
final class ContextSecrets {
    private ContextSecrets() {
    }

    static Redaction of(StepContext context, Collection<String> moreValues) throws IOException, InterruptedException {
        EnvVars environment = context.get(EnvVars.class);
        Set<String> names = new TreeSet<>();
        EnvironmentExpander expander = context.get(EnvironmentExpander.class);
        if (expander != null) {
            names.addAll(expander.getSensitiveVariables());
        }
        Run<?, ?> run = context.get(Run.class);
        ParametersAction parameters = run == null ? null : run.getAction(ParametersAction.class);
        if (parameters != null) {
            parameters.getParameters().stream().filter(ParameterValue::isSensitive).map(ParameterValue::getName).forEach(names::add);
        }
        List<String> values = new ArrayList<>(moreValues);
        if (environment != null) {
            names.stream().map(environment::get).forEach(values::add);
        }
        List<String> secrets = values.stream().filter(v -> v != null && !v.isEmpty()).distinct().toList();
        return secrets.isEmpty() ? Redaction.NONE : new Redaction(SecretPatterns.getAggregateSecretPattern(secrets));
    }

    static Redaction of(StepContext context) throws IOException, InterruptedException {
        return of(context, List.of());
    }
}
