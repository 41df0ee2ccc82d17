package io.jenkins.plugins.ecrpipeline.process;

import java.io.Serializable;
import java.util.Collection;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Takes secrets out of text that outlives the console: failure reasons, reports, messages kept with a build. The
 * pattern matches every secret value and the encoded forms a shell or a tool may print; each face builds it from what
 * it knows is secret (in Jenkins: credentials-binding's patterns for every sensitive variable of the step's context).
 *
 * @param secrets a pattern of every secret form, longest first; null for nothing to redact
 */
public record Redaction(Pattern secrets) implements Serializable {
    private static final long serialVersionUID = 1L;
    /** What a redacted secret reads as, the same mask the Jenkins console shows. */
    public static final String MASK = "****";
    /** Redacts nothing. */
    public static final Redaction NONE = new Redaction(null);

    /** The values themselves, longest first so that a secret containing another is masked whole. */
    public static Redaction ofValues(Collection<String> values) {
        String pattern = values.stream().filter(v -> v != null && !v.isEmpty()).distinct()
                .sorted(Comparator.comparingInt(String::length).reversed()).map(Pattern::quote).collect(Collectors.joining("|"));
        return pattern.isEmpty() ? NONE : new Redaction(Pattern.compile(pattern));
    }

    public String apply(String text) {
        if (text == null || secrets == null) {
            return text;
        }
        return secrets.matcher(text).replaceAll(Matcher.quoteReplacement(MASK));
    }
}
