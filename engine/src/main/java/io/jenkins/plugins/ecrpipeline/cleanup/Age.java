package io.jenkins.plugins.ecrpipeline.cleanup;

import io.jenkins.plugins.ecrpipeline.PipelineException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Ages in policies: a whole number and a unit ({@code 90m}, {@code 12h}, {@code 14d}, {@code 2w}); a bare number is refused. */
public final class Age {
    private static final Pattern AGE = Pattern.compile("([0-9]{1,6})\\s*(m|h|d|w)");

    private Age() {
    }

    /** @param field the policy field, for the error message */
    public static Duration parse(String text, String field) {
        String value = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        Matcher m = AGE.matcher(value);
        if (!m.matches()) {
            throw PipelineException.forFieldNamed(field, "invalid age '" + text + "' in " + field
                    + ": write a whole number and a unit, m (minutes), h (hours), d (days) or w (weeks), e.g. 14d");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofDays(7 * n);
        };
    }

    /** A form that reads back the same, in days where it can: {@code 14d}, {@code 36h}. */
    public static String format(Duration age) {
        long minutes = age.toMinutes();
        if (minutes % (24 * 60) == 0) {
            return minutes / (24 * 60) + "d";
        }
        if (minutes % 60 == 0) {
            return minutes / 60 + "h";
        }
        return minutes + "m";
    }
}
