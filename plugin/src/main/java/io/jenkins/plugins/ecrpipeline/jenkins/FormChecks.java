package io.jenkins.plugins.ecrpipeline.jenkins;

import hudson.util.FormValidation;
import io.jenkins.plugins.ecrpipeline.FieldChecks;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The checks behind the steps' {@code doCheck} methods: the engine's own validators ({@link FieldChecks}), so a form
 * says what the step would say when it runs. Every field they check is optional: an empty one is fine.
 */
final class FormChecks {
    private FormChecks() {
    }

    static FormValidation region(String value) {
        return optional(value, v -> FieldChecks.region(v, "region"));
    }

    /** Regions, comma- or space-separated, as {@code ecrDockerLogin} and {@code withEcr} take them. */
    static FormValidation regions(String value) {
        return first(Util.splitNames(value), (region, i) -> FieldChecks.region(region, "regions"));
    }

    static FormValidation age(String value, String field) {
        return optional(value, v -> FieldChecks.age(v, field));
    }

    static FormValidation duration(String value, String field) {
        return optional(value, v -> FieldChecks.duration(v, field));
    }

    static FormValidation servicePattern(String value) {
        return optional(value, FieldChecks::servicePattern);
    }

    static FormValidation regex(String value, String field) {
        return optional(value, v -> FieldChecks.regex(v, field));
    }

    /** A text area of regular expressions, one per line; a line is named as the list entry it becomes ({@code protectedTags[1]}). */
    static FormValidation regexLines(String text, String field) {
        return first(lines(text), (line, i) -> FieldChecks.regex(line, field + "[" + i + "]"));
    }

    /** A text area of {@code N=REGEX} keep rules, one per line. */
    static FormValidation keepLines(String text, String field) {
        return first(lines(text), (line, i) -> FieldChecks.keepRule(line, field + "[" + i + "]"));
    }

    private static FormValidation optional(String value, Function<String, Optional<String>> check) {
        String text = Util.fixNull(value);
        return text.isEmpty() ? FormValidation.ok() : result(check.apply(text));
    }

    /** The first entry's problem, if any entry has one. */
    private static FormValidation first(List<String> entries, BiFunction<String, Integer, Optional<String>> check) {
        for (int i = 0; i < entries.size(); i++) {
            Optional<String> problem = check.apply(entries.get(i), i);
            if (problem.isPresent()) {
                return result(problem);
            }
        }
        return FormValidation.ok();
    }

    /** The text area's entries as the step gets them: blank lines dropped ({@link ListFieldsStepDescriptor}). */
    private static List<String> lines(String text) {
        return text == null ? List.of() : ListFieldsStepDescriptor.entries(text);
    }

    private static FormValidation result(Optional<String> problem) {
        return problem.map(FormValidation::error).orElseGet(FormValidation::ok);
    }
}
