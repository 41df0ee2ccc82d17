package io.jenkins.plugins.ecrpipeline.jenkins;

import java.util.Arrays;
import java.util.List;

/** Small conversions shared by the steps: empty-string normalisation, name lists, the engine's field names. */
final class Util {
    private Util() {
    }

    /**
     * A step's failure as the build log shows it: the step, the engine's message, and the parameter it is about in the
     * step's spelling, unless the message already names it (policy errors say {@code rules[1].keep} themselves).
     */
    static hudson.AbortException abort(String step, io.jenkins.plugins.ecrpipeline.PipelineException e,
            io.jenkins.plugins.ecrpipeline.process.Redaction redaction) {
        // The message is kept with the flow (its error record), so the context's secrets are taken out first.
        String message = e.field().filter(f -> !e.getMessage().contains(f))
                .map(f -> Messages.Util_StepFailedOnParameter(step, e.getMessage(), parameterName(f)))
                .orElseGet(() -> Messages.Util_StepFailed(step, e.getMessage()));
        return new hudson.AbortException(redaction.apply(message));
    }

    /** Archives a report the step wrote in the workspace; a step run that wrote none archives nothing. */
    static void archive(String file, hudson.model.Run<?, ?> run, hudson.FilePath workspace, hudson.EnvVars environment,
            hudson.Launcher launcher, hudson.model.TaskListener listener) throws java.io.IOException, InterruptedException {
        if (file.isEmpty()) {
            return;
        }
        hudson.tasks.ArtifactArchiver archiver = new hudson.tasks.ArtifactArchiver(file);
        archiver.setAllowEmptyArchive(true);
        archiver.perform(run, workspace, environment, launcher, listener);
    }

    static String fixNull(String value) {
        return value == null ? "" : value.trim();
    }

    static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    static String nullIfEmpty(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    static List<String> splitNames(String names) {
        return names == null || names.isBlank() ? List.of() : Arrays.stream(names.trim().split("[,\\s]+")).filter(s -> !s.isEmpty()).toList();
    }

    static String parameterName(String field) {
        return StepSpelling.of(field).orElse(field);
    }

    /** The engine's field names the steps know, such as {@code service timeout}: names, not text to translate. */
    static java.util.Set<String> engineFields() {
        return java.util.Arrays.stream(io.jenkins.plugins.ecrpipeline.RequestField.values()).map(io.jenkins.plugins.ecrpipeline.RequestField::engineName)
                .collect(java.util.stream.Collectors.toSet());
    }
}
