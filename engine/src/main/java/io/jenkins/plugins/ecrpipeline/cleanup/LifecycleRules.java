package io.jenkins.plugins.ecrpipeline.cleanup;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The ECR lifecycle rules a policy's {@link CleanupRule}s export themselves into, and what they cannot express. Count
 * rules come first: an image a higher-priority rule selects is never expired by a lower one, which is the closest
 * ECR comes to "kept whole".
 */
final class LifecycleRules {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final boolean protections;
    private final List<ObjectNode> counts = new ArrayList<>();
    private final List<ObjectNode> ages = new ArrayList<>();
    private final List<String> notExpressed;

    /**
     * @param protections whether the policy protects images (tags, in use, the build cache) that no lifecycle rule can exclude
     * @param notExpressed where the settings and rules left out are collected
     */
    LifecycleRules(boolean protections, List<String> notExpressed) {
        this.protections = protections;
        this.notExpressed = notExpressed;
    }

    boolean protections() {
        return protections;
    }

    void notExpressed(String why) {
        notExpressed.add(why);
    }

    /** Expire images of this tag status (and tag wildcard, or null) pushed more than {@code age} ago. */
    void sincePushed(String where, String tagStatus, String wildcard, Duration age) {
        ages.add(selection(where, tagStatus, wildcard).put("countType", "sinceImagePushed").put("countUnit", "days")
                .put("countNumber", days(age, where)));
    }

    /** Expire all but the newest {@code keep} images whose tags match the wildcard. */
    void countMoreThan(String where, String wildcard, int keep) {
        counts.add(selection(where, "tagged", wildcard).put("countType", "imageCountMoreThan").put("countNumber", keep));
    }

    boolean selectsTagged() {
        return !counts.isEmpty() || ages.stream().anyMatch(a -> a.path("tagStatus").asText().equals("tagged"));
    }

    /** The selections in priority order: counts, then ages. */
    List<ObjectNode> inOrder() {
        List<ObjectNode> rules = new ArrayList<>(counts);
        rules.addAll(ages);
        return rules;
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
    private int days(Duration age, String where) {
        long minutes = age.toMinutes();
        long days = Math.max(1, (minutes + 24 * 60 - 1) / (24 * 60));
        if (minutes != days * 24 * 60) {
            notExpressed.add(where + ": rounded up to " + days + " day(s), ECR counts whole days");
        }
        return (int) days;
    }
}
