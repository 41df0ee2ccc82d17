package io.jenkins.plugins.ecrpipeline.jenkins;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

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

    /**
     * An ECR login with the agent's own credentials, and {@code role}'s account on top when one is given: that account
     * comes first, so a step that acts on one registry by default acts in the role's account.
     */
    static io.jenkins.plugins.ecrpipeline.ecr.EcrAuthorizationRequest ecrLogin(String region, String role, Map<String, String> environment) {
        io.jenkins.plugins.ecrpipeline.aws.AwsSessionSettings session = new io.jenkins.plugins.ecrpipeline.aws.AwsSessionSettings(
                nullIfEmpty(region), endpointOverride(environment), null, java.time.Duration.ofSeconds(2));
        List<io.jenkins.plugins.ecrpipeline.aws.AssumeRoleSettings> roles = role == null || role.isBlank() ? List.of()
                : List.of(new io.jenkins.plugins.ecrpipeline.aws.AssumeRoleSettings(role.trim(), null,
                        io.jenkins.plugins.ecrpipeline.aws.AssumeRoleSettings.defaultSessionName(
                                io.jenkins.plugins.ecrpipeline.aws.AwsEnvironment.of(environment)), java.time.Duration.ofHours(1)));
        return new io.jenkins.plugins.ecrpipeline.ecr.EcrAuthorizationRequest(session, true, roles, List.of(), List.of());
    }

    /** {@code AWS_ENDPOINT_URL} from the build's environment (a local emulator in tests), as the AWS CLI reads it. */
    static URI endpointOverride(Map<String, String> environment) {
        return io.jenkins.plugins.ecrpipeline.aws.AwsEnvironment.of(environment).endpointOverride();
    }
}
