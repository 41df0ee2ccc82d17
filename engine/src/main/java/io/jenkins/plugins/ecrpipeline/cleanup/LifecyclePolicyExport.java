package io.jenkins.plugins.ecrpipeline.cleanup;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The part of a {@link CleanupPolicy} that an ECR lifecycle policy can express, and what it cannot. Lifecycle rules
 * have wildcards (up to 4 {@code *}) instead of regular expressions, no per-group counts, no exclusions (so no
 * protected tags, nothing in use) and whole days; ECR applies them within 24 hours, per repository and region.
 */
final class LifecyclePolicyExport {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** Literal tag characters, {@code \.} and {@code .*}: what a wildcard pattern can say. */
    private static final Pattern WILDCARD_ABLE = Pattern.compile("(?:[A-Za-z0-9_-]|\\\\\\.|\\.\\*)+");

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
        LifecycleRules lifecycle = new LifecycleRules(protections, missing);
        for (int i = 0; i < policy.rules().size(); i++) {
            CleanupRule rule = policy.rules().get(i);
            rule.exportTo(lifecycle, "rules[" + i + "] " + rule.describe());
        }
        if (lifecycle.selectsTagged()) {
            missing.add("kept whole: here a rule selects an image only when it selects every tag of it; ECR's tagged rules select an "
                    + "image when one of its tags matches");
        }
        List<ObjectNode> rules = lifecycle.inOrder();
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

    /** A regex that is a wildcard pattern in disguise ({@code feature-.*}, {@code v1\..*}) as one, with at most 4 {@code *}. */
    static Optional<String> wildcard(String regex) {
        if (!WILDCARD_ABLE.matcher(regex).matches()) {
            return Optional.empty();
        }
        String w = regex.replace(".*", "*").replace("\\.", ".");
        return w.chars().filter(c -> c == '*').count() > 4 ? Optional.empty() : Optional.of(w);
    }
}
