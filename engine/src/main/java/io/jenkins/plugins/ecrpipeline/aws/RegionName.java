package io.jenkins.plugins.ecrpipeline.aws;

import io.jenkins.plugins.ecrpipeline.PipelineException;
import java.util.regex.Pattern;

/**
 * AWS region codes as a user writes them ({@code eu-west-1}, {@code us-gov-west-1}): checked before any call, because
 * the SDK takes any text as a region and a typo would only fail later as an unknown host.
 */
public final class RegionName {
    private static final Pattern CODE = Pattern.compile("[a-z]{2,4}(-[a-z]+)+-[0-9]{1,2}");

    private RegionName() {
    }

    /** @return {@code region} without surrounding blanks; fails naming {@code field} when it is not a region code */
    public static String require(String region, String field) {
        String code = region == null ? "" : region.strip();
        if (!CODE.matcher(code).matches()) {
            throw PipelineException.forFieldNamed(field, "invalid AWS region '" + region + "' in " + field
                    + ": write a region code such as eu-west-1 (lower-case words and a number, joined by hyphens)");
        }
        return code;
    }
}
