package io.jenkins.plugins.ecrpipeline.intermediatebuild;

import io.jenkins.plugins.ecrpipeline.PipelineException;
import io.jenkins.plugins.ecrpipeline.RequestField;
import io.jenkins.plugins.ecrpipeline.registry.ImageName;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The second tag of a nightly image, which no later night moves (e.g. {@code intermediate-20261125}), so a deploy or a
 * rollback can name exactly one night's image. Placeholders: {@code {tag}}, {@code {date}} (yyyyMMdd) and
 * {@code {buildDate}} (yyyyMMddHHmmss, for more than one run a day).
 */
final class DatedTag {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^}]*)}");
    private static final String SAMPLE_STAMP = "20261125030000";

    private DatedTag() {
    }

    /** Fails, naming the field, when the template has an unknown placeholder or cannot make a valid tag. */
    static void check(String template, String tag) {
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            if (!values(tag, SAMPLE_STAMP).containsKey(m.group(1))) {
                throw PipelineException.forField(RequestField.DATED_TAG, "unknown placeholder {" + m.group(1) + "} in the dated tag '" + template
                        + "': use {tag}, {date} (yyyyMMdd) or {buildDate} (yyyyMMddHHmmss), e.g. {tag}-{date}");
            }
        }
        String sample = expand(template, tag, SAMPLE_STAMP);
        if (sample.equals(tag)) {
            throw PipelineException.forField(RequestField.DATED_TAG, "the dated tag '" + template + "' is the tag itself; it needs {date} or {buildDate}, "
                    + "e.g. {tag}-{date}, or turn the dated tag off");
        }
        try {
            new ImageName(null, "x", sample);
        } catch (PipelineException e) {
            throw PipelineException.forField(RequestField.DATED_TAG, "the dated tag '" + template + "' makes '" + sample + "', which is not a valid tag: "
                    + "use letters, digits, '_', '.' and '-', at most 128 characters");
        }
    }

    /** The tag for one run, from its stamp (the build date, yyyyMMddHHmmss). */
    static String expand(String template, String tag, String stamp) {
        Map<String, String> values = values(tag, stamp);
        return PLACEHOLDER.matcher(template).replaceAll(r -> Matcher.quoteReplacement(values.get(r.group(1))));
    }

    private static Map<String, String> values(String tag, String stamp) {
        return Map.of("tag", tag, "date", stamp.substring(0, 8), "buildDate", stamp);
    }
}
