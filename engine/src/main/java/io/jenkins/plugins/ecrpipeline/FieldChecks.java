package io.jenkins.plugins.ecrpipeline;

import io.jenkins.plugins.ecrpipeline.aws.RegionName;
import io.jenkins.plugins.ecrpipeline.cleanup.Age;
import io.jenkins.plugins.ecrpipeline.cleanup.CleanupRule;
import io.jenkins.plugins.ecrpipeline.compose.ServiceSelection;
import io.jenkins.plugins.ecrpipeline.intermediatebuild.Durations;
import java.util.Optional;

/**
 * The engine's own checks of single values, for a form that checks a field while it is filled in: each runs the
 * validator the engine runs on a request and returns its message, or nothing when the value is valid. The field
 * names the value in the message, as the engine names request fields.
 */
public final class FieldChecks {
    private FieldChecks() {
    }

    /** An AWS region code, e.g. {@code eu-west-1}. */
    public static Optional<String> region(String region, String field) {
        return problem(() -> RegionName.require(region, field));
    }

    /** A cleanup age, e.g. {@code 14d}. */
    public static Optional<String> age(String age, String field) {
        return problem(() -> Age.parse(age, field));
    }

    /** A duration, e.g. {@code 30m} or {@code 1h30m}. */
    public static Optional<String> duration(String duration, String field) {
        return problem(() -> Durations.parse(duration, field));
    }

    /** A cleanup policy's regular expression (protected tags, tag patterns), matched against whole tags. */
    public static Optional<String> regex(String regex, String field) {
        return problem(() -> CleanupRule.regex(regex, field));
    }

    /** The regular expression a build selects its services with. */
    public static Optional<String> servicePattern(String pattern) {
        return problem(() -> ServiceSelection.compile(pattern));
    }

    /** A keep rule as {@code N=REGEX}, e.g. {@code 10=intermediate-(.*)}: its form, its count and its regular expression. */
    public static Optional<String> keepRule(String spec, String field) {
        return problem(() -> CleanupRule.KeepNewest.parse(spec).validate(field));
    }

    private static Optional<String> problem(Runnable check) {
        try {
            check.run();
            return Optional.empty();
        } catch (PipelineException e) {
            return Optional.of(e.getMessage());
        }
    }
}
