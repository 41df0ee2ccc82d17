package io.jenkins.plugins.ecrpipeline.localaws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

/** Checks a lifecycle policy's rules as ECR does before storing it; errors are InvalidParameterException. */
final class LifecyclePolicyValidator {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LifecyclePolicyValidator() {
    }

    static void validate(String text) {
        if (text.length() < 100 || text.length() > 30720) {
            throw AwsErrorException.invalidParameter("Invalid parameter at 'lifecyclePolicyText' failed to satisfy constraint: "
                    + "'Member must have length between 100 and 30720'");
        }
        JsonNode policy;
        try {
            policy = JSON.readTree(text);
        } catch (IOException e) {
            throw invalid("the policy is not valid JSON");
        }
        JsonNode rules = policy == null ? null : policy.get("rules");
        if (rules == null || !rules.isArray() || rules.isEmpty()) {
            throw invalid("'rules' must be a non-empty list");
        }
        Set<Integer> priorities = new HashSet<>();
        int untaggedRules = 0;
        for (JsonNode rule : rules) {
            if (!rule.path("rulePriority").isInt() || rule.path("rulePriority").asInt() < 1) {
                throw invalid("every rule needs an integer 'rulePriority' of 1 or more");
            }
            if (!priorities.add(rule.path("rulePriority").asInt())) {
                throw invalid("'rulePriority' must be unique, " + rule.path("rulePriority").asInt() + " is repeated");
            }
            JsonNode selection = rule.path("selection");
            String tagStatus = selection.path("tagStatus").asText("");
            if (!Set.of("tagged", "untagged", "any").contains(tagStatus)) {
                throw invalid("'selection.tagStatus' must be tagged, untagged or any");
            }
            if (tagStatus.equals("untagged")) {
                untaggedRules++;
            }
            if (tagStatus.equals("tagged") && !selection.has("tagPrefixList") && !selection.has("tagPatternList")) {
                throw invalid("a rule with tagStatus 'tagged' needs 'tagPrefixList' or 'tagPatternList'");
            }
            for (JsonNode pattern : selection.path("tagPatternList")) {
                if (pattern.asText().chars().filter(c -> c == '*').count() > 4) {
                    throw invalid("a tag pattern may contain at most 4 wildcards (*): " + pattern.asText());
                }
            }
            String countType = selection.path("countType").asText("");
            if (countType.equals("sinceImagePushed") || countType.equals("sinceImagePulled")) {
                if (!selection.path("countUnit").asText("").equals("days")) {
                    throw invalid("countType " + countType + " needs countUnit 'days'");
                }
            } else if (!countType.equals("imageCountMoreThan")) {
                throw invalid("'selection.countType' must be imageCountMoreThan, sinceImagePushed or sinceImagePulled");
            }
            if (!selection.path("countNumber").isInt() || selection.path("countNumber").asInt() < 1) {
                throw invalid("'selection.countNumber' must be a positive integer");
            }
            if (!rule.path("action").path("type").asText("").equals("expire")) {
                throw invalid("'action.type' must be 'expire'");
            }
        }
        if (untaggedRules > 1) {
            throw invalid("only one rule may select untagged images");
        }
    }

    private static AwsErrorException invalid(String reason) {
        return AwsErrorException.invalidParameter("Invalid parameter at 'LifecyclePolicyText' failed to satisfy constraint: '" + reason + "'");
    }
}
