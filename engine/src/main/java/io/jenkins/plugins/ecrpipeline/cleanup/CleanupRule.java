package io.jenkins.plugins.ecrpipeline.cleanup;

import io.jenkins.plugins.ecrpipeline.PipelineException;
import io.jenkins.plugins.ecrpipeline.RequestField;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One rule of a {@link CleanupPolicy}; rules only select images to delete or to keep, protections always win. Each rule
 * selects itself ({@link #select}), exports itself to an ECR lifecycle policy ({@link #exportTo}) and checks itself
 * ({@link #validate}), so a new kind of rule does not compile until it says how to do all three. Parsing it is
 * {@link PolicyReader}'s; each face's options map to it in {@link CleanupOptions}.
 */
public sealed interface CleanupRule extends Serializable {
    /** How the rule reads in a policy file, e.g. {@code untaggedOlderThan 14d}. */
    String describe();

    /**
     * Whether the rule can select an image carrying this tag, age and position aside: the plan uses it to say why an
     * image no rule deleted is kept.
     */
    boolean coversTag(String tag);

    /** Marks the images this rule deletes (or keeps) among those nothing decided yet. */
    void select(RuleSelection selection);

    /**
     * Adds this rule to an ECR lifecycle policy, or says why it cannot be one.
     *
     * @param where the rule's place and words in the policy, {@code rules[0] untaggedOlderThan 14d}
     */
    void exportTo(LifecycleRules lifecycle, String where);

    /**
     * Checks what the record's constructor leaves to the policy (a keep count below 0, a pattern that is no regular
     * expression, a negative age), naming {@code field} (e.g. {@code rules[1]}) and the part at fault.
     */
    void validate(String field);

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

        @Override
        public void select(RuleSelection selection) {
            for (Decision d : selection.undecided()) {
                if (d.image.tags().isEmpty() && d.image.pushedAt().isBefore(selection.snapshotAt().minus(age))) {
                    d.delete = describe() + selection.where();
                }
            }
        }

        @Override
        public void exportTo(LifecycleRules lifecycle, String where) {
            lifecycle.sincePushed(where, "untagged", null, age);
        }

        @Override
        public void validate(String field) {
            if (age.isNegative()) {
                throw PipelineException.forFieldNamed(field + ".untaggedOlderThan", "a negative age in " + field);
            }
        }
    }

    /**
     * Keep the newest {@code keep} images of each tag group and delete the group's older images (those whose every tag
     * matches the pattern in full). A tag belongs to the group its first capture group names, e.g.
     * {@code intermediate-(.*)-[0-9]{8}} groups dated tags by branch; a pattern without a capture group makes every
     * matching tag one group.
     */
    record KeepNewest(int keep, String tagGroup) implements CleanupRule {
        private static final Pattern ONE_LITERAL_GROUP = Pattern.compile("(.*)\\(([A-Za-z0-9_-]+)\\)(.*)");

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
                throw PipelineException.forField(RequestField.KEEP, "invalid keep rule '" + spec + "': write N=REGEX, e.g. '10=intermediate-(.*)'");
            }
            return new KeepNewest(count, spec.substring(eq + 1));
        }

        /**
         * Groups the images by the tag group of each of their tags; the newest {@code keep} of a group stay (an image in
         * several groups stays when any group keeps it), the group's older images are deleted unless something keeps
         * them. Images pushed after the snapshot are not counted, so a racing push never pushes a kept image out.
         */
        @Override
        public void select(RuleSelection selection) {
            Pattern pattern = pattern();
            Map<String, Set<Decision>> groups = new TreeMap<>();
            for (Decision d : selection.all()) {
                if (d.image.pushedAt().isAfter(selection.snapshotAt())) {
                    continue;
                }
                for (String tag : d.image.tags()) {
                    Matcher m = pattern.matcher(tag);
                    if (m.matches()) {
                        String group = m.groupCount() > 0 && m.group(1) != null ? m.group(1) : "";
                        groups.computeIfAbsent(group, g -> new LinkedHashSet<>()).add(d);
                    }
                }
            }
            // A tag outside the groups is one this rule does not select: its image is not the rule's to delete.
            Map<Decision, String> older = new HashMap<>();
            for (Map.Entry<String, Set<Decision>> group : groups.entrySet()) {
                List<Decision> members = new ArrayList<>(group.getValue());
                members.sort(Comparator.comparing((Decision d) -> d.image.pushedAt()).reversed().thenComparing(d -> d.image.digest()));
                String name = group.getKey().isEmpty() ? "" : " '" + group.getKey() + "'";
                for (int i = 0; i < members.size(); i++) {
                    Decision d = members.get(i);
                    if (i < keep) {
                        if (d.keep == null) {
                            d.keep = "newest " + (i + 1) + " of " + keep + " in tag group" + name + selection.where();
                        }
                    } else if (d.image.tags().stream().allMatch(t -> pattern.matcher(t).matches())) {
                        older.putIfAbsent(d, "older than the newest " + keep + " in tag group" + name + selection.where());
                    }
                }
            }
            older.forEach((d, reason) -> {
                if (d.undecided()) {
                    d.delete = reason;
                }
            });
        }

        @Override
        public void validate(String field) {
            if (keep < 0) {
                throw PipelineException.forFieldNamed(field + ".keep", "invalid count " + keep + " in " + field
                        + ".keep: the number of images to keep per tag group is 0 or more");
            }
            regex(tagGroup, field + ".tagGroup");
        }

        /** ECR counts every image matching a wildcard together: only a pattern whose group is one literal maps. */
        @Override
        public void exportTo(LifecycleRules lifecycle, String where) {
            Matcher group = ONE_LITERAL_GROUP.matcher(tagGroup);
            String whole = group.matches() ? group.group(1) + group.group(2) + group.group(3) : tagGroup;
            Optional<String> w = group.matches() || !tagGroup.contains("(") ? LifecyclePolicyExport.wildcard(whole) : Optional.empty();
            if (w.isEmpty()) {
                lifecycle.notExpressed(where + ": ECR counts all images matching a pattern together, not per tag group");
            } else if (keep < 1) {
                lifecycle.notExpressed(where + ": ECR keeps at least one image per count rule");
            } else {
                lifecycle.countMoreThan(where, w.get(), keep);
            }
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

        @Override
        public void select(RuleSelection selection) {
            Pattern pattern = tagPattern != null ? Pattern.compile(tagPattern) : null;
            for (Decision d : selection.undecided()) {
                if (!d.image.tags().isEmpty() && d.image.pushedAt().isBefore(selection.snapshotAt().minus(age))
                        && (pattern == null || d.image.tags().stream().allMatch(t -> pattern.matcher(t).matches()))) {
                    d.delete = describe() + selection.where();
                }
            }
        }

        @Override
        public void validate(String field) {
            if (age.isNegative()) {
                throw PipelineException.forFieldNamed(field + ".taggedOlderThan", "a negative age in " + field);
            }
            if (tagPattern != null) {
                regex(tagPattern, field + ".tagPattern");
            }
        }

        /** A regex alternation is several lifecycle rules: ECR's tagPatternList is an AND. */
        @Override
        public void exportTo(LifecycleRules lifecycle, String where) {
            if (tagPattern == null) {
                if (lifecycle.protections()) {
                    lifecycle.notExpressed(where + ": every tagged image, protected ones included, would expire; give it a tagPattern");
                } else {
                    lifecycle.sincePushed(where, "tagged", "*", age);
                }
                return;
            }
            List<String> alternatives = List.of(tagPattern.split("\\|", -1));
            List<String> wildcards = alternatives.stream().map(LifecyclePolicyExport::wildcard).flatMap(Optional::stream).toList();
            if (wildcards.size() != alternatives.size()) {
                lifecycle.notExpressed(where + ": the pattern is not a wildcard pattern (letters, digits, '-', '_', '\\.', '.*' only)");
                return;
            }
            for (String w : wildcards) {
                lifecycle.sincePushed(where, "tagged", w, age);
            }
        }
    }

    /** Compiles a policy regex, naming the field when it is not one. */
    static Pattern regex(String regex, String field) {
        if (regex == null || regex.isEmpty()) {
            throw PipelineException.forFieldNamed(field, "an empty pattern in " + field + ": write a regular expression, e.g. feature-.*");
        }
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw PipelineException.forFieldNamed(field, "invalid regular expression '" + regex + "' in " + field + ": "
                    + e.getDescription() + " near index " + e.getIndex());
        }
    }
}
