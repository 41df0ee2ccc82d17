package io.jenkins.plugins.ecrpipeline.cleanup;

import io.jenkins.plugins.ecrpipeline.PipelineException;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** One rule of a {@link CleanupPolicy}; rules only select images to delete or to keep, protections always win. */
public sealed interface CleanupRule extends Serializable {
    /** How the rule reads in a policy file, e.g. {@code untaggedOlderThan 14d}. */
    String describe();

    /**
     * Whether the rule can select an image carrying this tag, age and position aside: the plan uses it to say why an
     * image no rule deleted is kept.
     */
    boolean coversTag(String tag);

    /** Delete untagged images pushed longer than {@code age} ago. */
    record UntaggedOlderThan(Duration age) implements CleanupRule {
        public UntaggedOlderThan {
            Objects.requireNonNull(age, "age");
        }

        @Override
        public String describe() {
            return "untaggedOlderThan " + Age.format(age);
        }

        @Override
        public boolean coversTag(String tag) {
            return false;
        }
    }

    /**
     * Keep the newest {@code keep} images of each tag group and delete the group's older images (those whose every tag
     * matches the pattern in full). A tag belongs to the group its first capture group names, e.g.
     * {@code intermediate-(.*)-[0-9]{8}} groups dated tags by branch; a pattern without a capture group makes every
     * matching tag one group.
     */
    record KeepNewest(int keep, String tagGroup) implements CleanupRule {
        public KeepNewest {
            Objects.requireNonNull(tagGroup, "tagGroup");
        }

        @Override
        public String describe() {
            return "keep " + keep + " newest of tagGroup " + tagGroup + (pattern().matcher("").groupCount() == 0 ? " (one group)" : "");
        }

        @Override
        public boolean coversTag(String tag) {
            return pattern().matcher(tag).matches();
        }

        Pattern pattern() {
            return Pattern.compile(tagGroup);
        }

        /** {@code N=REGEX}, as a person writes a keep rule in a command or a step: {@code 10=intermediate-(.*)}. */
        public static KeepNewest parse(String spec) {
            int eq = spec.indexOf('=');
            int count;
            try {
                count = Integer.parseInt(spec.substring(0, Math.max(eq, 0)).strip());
            } catch (NumberFormatException e) {
                throw PipelineException.forField("keep", "invalid keep rule '" + spec + "': write N=REGEX, e.g. '10=intermediate-(.*)'");
            }
            return new KeepNewest(count, spec.substring(eq + 1));
        }
    }

    /**
     * Delete tagged images pushed longer than {@code age} ago whose tags all match {@code tagPattern} (null: any tags); an
     * image with another tag as well is not this rule's to delete.
     */
    record TaggedOlderThan(Duration age, String tagPattern) implements CleanupRule {
        public TaggedOlderThan {
            Objects.requireNonNull(age, "age");
        }

        @Override
        public String describe() {
            return "taggedOlderThan " + Age.format(age) + (tagPattern == null ? "" : " tagPattern " + tagPattern);
        }

        @Override
        public boolean coversTag(String tag) {
            return tagPattern == null || Pattern.compile(tagPattern).matcher(tag).matches();
        }
    }

    /**
     * Checks what a rule's record cannot check by itself, naming {@code field} (e.g. {@code rules[1]}) and the part at
     * fault in the error: a keep count below 0, a tag group or tag pattern that is no regular expression, a negative age.
     */
    static void validate(CleanupRule rule, String field) {
        if (rule instanceof KeepNewest keep) {
            if (keep.keep() < 0) {
                throw PipelineException.forField(field + ".keep", "invalid count " + keep.keep() + " in " + field
                        + ".keep: the number of images to keep per tag group is 0 or more");
            }
            regex(keep.tagGroup(), field + ".tagGroup");
        } else if (rule instanceof TaggedOlderThan tagged) {
            if (tagged.age().isNegative()) {
                throw PipelineException.forField(field + ".taggedOlderThan", "a negative age in " + field);
            }
            if (tagged.tagPattern() != null) {
                regex(tagged.tagPattern(), field + ".tagPattern");
            }
        } else if (rule instanceof UntaggedOlderThan untagged && untagged.age().isNegative()) {
            throw PipelineException.forField(field + ".untaggedOlderThan", "a negative age in " + field);
        }
    }

    /** Compiles a policy regex, naming the field when it is not one. */
    static Pattern regex(String regex, String field) {
        if (regex == null || regex.isEmpty()) {
            throw PipelineException.forField(field, "an empty pattern in " + field + ": write a regular expression, e.g. feature-.*");
        }
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw PipelineException.forField(field, "invalid regular expression '" + regex + "' in " + field + ": "
                    + e.getDescription() + " near index " + e.getIndex());
        }
    }
}
