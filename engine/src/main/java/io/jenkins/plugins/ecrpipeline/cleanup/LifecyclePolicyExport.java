package io.jenkins.plugins.ecrpipeline.cleanup;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of a {@link CleanupPolicy} that an ECR lifecycle policy can express, and what it cannot. Lifecycle rules
 * have wildcards (up to 4 {@code *}) instead of regular expressions, no per-group counts, no exclusions (so no
 * protected tags, nothing in use) and whole days; ECR applies them within 24 hours, per repository and region.
 */
public final class LifecyclePolicyExport {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** Literal tag characters, {@code \.} and {@code .*}: what a wildcard pattern can say. */
    private static final Pattern WILDCARD_ABLE = Pattern.compile("(?:[A-Za-z0-9_-]|\\\\\\.|\\.\\*)+");
    private static final Pattern ONE_LITERAL_GROUP = Pattern.compile("(.*)\\(([A-Za-z0-9_-]+)\\)(.*)");

    private LifecyclePolicyExport() {
    }

    /**
     * @param json the lifecycle policy text, or null when no rule can be expressed
     * @param notExpressed each rule or setting the lifecycle policy leaves out, and why
     */
    public record Export(String json, List<String> notExpressed) implements Serializable {
        private static final long serialVersionUID = 1L;

        public Export {
            notExpressed = List.copyOf(notExpressed);
        }
    }

    public static Export render(CleanupPolicy policy) {
        List<String> missing = new ArrayList<>();
        boolean protections = !policy.protectedTags().isEmpty() || policy.buildCacheTag() != null || !policy.inUse().isEmpty()
                || policy.inUseFile() != null;
        if (!policy.protectedTags().isEmpty()) {
            missing.add("protectedTags " + policy.protectedTags() + ": lifecycle rules cannot exclude tags; an image whose tag matches an "
                    + "exported rule's pattern expires even if it is protected here");
        }
        if (policy.buildCacheTag() != null) {
            missing.add("buildCacheTag " + policy.buildCacheTag() + ": not excluded either (no exported rule should match it)");
        }
        if (!policy.inUse().isEmpty() || policy.inUseFile() != null) {
            missing.add("inUse: a lifecycle policy knows nothing of what is deployed");
        }
        if (!policy.allowEmptyRepository()) {
            missing.add("the refusal to empty a repository: a lifecycle policy may expire every image");
        }
        // Count rules first: an image a higher-priority rule selects is never expired by a lower one, which is the
        // closest ECR comes to "kept whole".
        List<ObjectNode> counts = new ArrayList<>();
        List<ObjectNode> ages = new ArrayList<>();
        for (int i = 0; i < policy.rules().size(); i++) {
            String where = "rules[" + i + "] " + policy.rules().get(i).describe();
            CleanupRule rule = policy.rules().get(i);
            if (rule instanceof CleanupRule.UntaggedOlderThan untagged) {
                ages.add(selection(where, "untagged", null).put("countType", "sinceImagePushed").put("countUnit", "days")
                        .put("countNumber", days(untagged.age(), where, missing)));
            } else if (rule instanceof CleanupRule.TaggedOlderThan tagged) {
                if (tagged.tagPattern() == null) {
                    if (protections) {
                        missing.add(where + ": every tagged image, protected ones included, would expire; give it a tagPattern");
                        continue;
                    }
                    ages.add(selection(where, "tagged", "*").put("countType", "sinceImagePushed").put("countUnit", "days")
                            .put("countNumber", days(tagged.age(), where, missing)));
                    continue;
                }
                List<String> alternatives = List.of(tagged.tagPattern().split("\\|", -1));
                List<String> wildcards = alternatives.stream().map(LifecyclePolicyExport::wildcard).flatMap(Optional::stream).toList();
                if (wildcards.size() != alternatives.size()) {
                    missing.add(where + ": the pattern is not a wildcard pattern (letters, digits, '-', '_', '\\.', '.*' only)");
                    continue;
                }
                // A regex alternation is several rules: ECR's tagPatternList is an AND.
                for (String w : wildcards) {
                    ages.add(selection(where, "tagged", w).put("countType", "sinceImagePushed").put("countUnit", "days")
                            .put("countNumber", days(tagged.age(), where, missing)));
                }
            } else if (rule instanceof CleanupRule.KeepNewest keep) {
                Matcher group = ONE_LITERAL_GROUP.matcher(keep.tagGroup());
                String whole = group.matches() ? group.group(1) + group.group(2) + group.group(3) : keep.tagGroup();
                Optional<String> w = group.matches() || !keep.tagGroup().contains("(") ? wildcard(whole) : Optional.empty();
                if (w.isEmpty()) {
                    missing.add(where + ": ECR counts all images matching a pattern together, not per tag group");
                } else if (keep.keep() < 1) {
                    missing.add(where + ": ECR keeps at least one image per count rule");
                } else {
                    counts.add(selection(where, "tagged", w.get()).put("countType", "imageCountMoreThan").put("countNumber", keep.keep()));
                }
            }
        }
        if (!counts.isEmpty() || ages.stream().anyMatch(a -> a.path("tagStatus").asText().equals("tagged"))) {
            missing.add("kept whole: here a rule selects an image only when it selects every tag of it; ECR's tagged rules select an "
                    + "image when one of its tags matches");
        }
        List<ObjectNode> rules = new ArrayList<>(counts);
        rules.addAll(ages);
        if (rules.isEmpty()) {
            return new Export(null, missing);
        }
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray("rules");
        for (int p = 0; p < rules.size(); p++) {
            ObjectNode r = list.addObject().put("rulePriority", p + 1).put("description", rules.get(p).remove("description").asText());
            r.set("selection", rules.get(p));
            r.putObject("action").put("type", "expire");
        }
        try {
            return new Export(JSON.writeValueAsString(root), missing);
        } catch (IOException e) {
            throw new IllegalStateException("a JSON tree always renders", e);
        }
    }

    private static ObjectNode selection(String description, String tagStatus, String pattern) {
        ObjectNode s = JSON.createObjectNode().put("description", description.length() > 250 ? description.substring(0, 250) : description)
                .put("tagStatus", tagStatus);
        if (pattern != null) {
            s.putArray("tagPatternList").add(pattern);
        }
        return s;
    }

    /** Whole days, rounded up (expiring later than asked is the safe side); at least 1, ECR's minimum. */
    private static int days(Duration age, String where, List<String> missing) {
        long minutes = age.toMinutes();
        long days = Math.max(1, (minutes + 24 * 60 - 1) / (24 * 60));
        if (minutes != days * 24 * 60) {
            missing.add(where + ": rounded up to " + days + " day(s), ECR counts whole days");
        }
        return (int) days;
    }

    /** A regex that is a wildcard pattern in disguise ({@code feature-.*}, {@code v1\..*}) as one, with at most 4 {@code *}. */
    static Optional<String> wildcard(String regex) {
        if (!WILDCARD_ABLE.matcher(regex).matches()) {
            return Optional.empty();
        }
        String w = regex.replace(".*", "*").replace("\\.", ".");
        return w.chars().filter(c -> c == '*').count() > 4 ? Optional.empty() : Optional.of(w);
    }
}
