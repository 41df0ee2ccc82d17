package io.jenkins.plugins.ecrpipeline.intermediatebuild;

import java.time.Duration;

/** Short human durations for progress lines and tables: {@code 840ms}, {@code 12.3s}, {@code 4m05s}. */
public final class Durations {
    private static final java.util.regex.Pattern WRITTEN = java.util.regex.Pattern.compile("([0-9]{1,6})(ms|s|m|h)");
    private Durations() {
    }

    /**
     * A duration as a user writes it ({@code 90s}, {@code 30m}, {@code 2h}, or several: {@code 1h30m}); null or blank is
     * null. A wrong one fails naming {@code field}.
     */
    public static Duration parse(String text, String field) {
        if (text == null || text.isBlank()) {
            return null;
        }
        java.util.regex.Matcher m = WRITTEN.matcher(text.strip());
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find() && m.start() == end) {
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            });
            end = m.end();
        }
        if (end == 0 || end != text.strip().length()) {
            throw io.jenkins.plugins.ecrpipeline.PipelineException.forFieldNamed(field, "invalid " + field + " '" + text
                    + "': write a number with a unit, e.g. 90s, 30m, 2h or 1h30m");
        }
        return total;
    }

    static String format(Duration d) {
        long millis = d.toMillis();
        if (millis < 1000) {
            return millis + "ms";
        }
        if (millis < 60_000) {
            return String.format(java.util.Locale.ROOT, "%.1fs", millis / 1000.0);
        }
        return String.format(java.util.Locale.ROOT, "%dm%02ds", millis / 60_000, (millis / 1000) % 60);
    }
}
