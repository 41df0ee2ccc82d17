package io.jenkins.plugins.ecrpipeline.cleanup;

import io.jenkins.plugins.ecrpipeline.PipelineException;
import io.jenkins.plugins.ecrpipeline.RequestField;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads a {@link CleanupPolicy} from YAML or JSON (JSON is read as YAML, which contains it). Strict: an unknown
 * field, a wrong type, a bad pattern, a negative count or an age without a unit is an error that names the field,
 * e.g. {@code rules[1].keep}. Written by hand over plain maps because the field paths in errors are the point.
 */
final class PolicyReader {
    private static final Set<String> TOP = Set.of("repositories", "repositoryPatterns", "rules", "protectedTags", "inUse", "inUseFile",
            "buildCacheTag", "allowEmptyRepository");
    private static final Set<String> UNTAGGED = Set.of("untaggedOlderThan");
    private static final Set<String> KEEP = Set.of("keep", "tagGroup");
    private static final Set<String> TAGGED = Set.of("taggedOlderThan", "tagPattern");

    private PolicyReader() {
    }

    /** A whole policy: the file must name its repositories and rules. @param source where the text came from, for error messages */
    public static CleanupPolicy read(String text, String source) {
        return readInto(text, source, CleanupPolicy.builder()).build();
    }

    /**
     * Adds what the text says to {@code policy} (a file's part of a policy whose options add the rest: a file of
     * protections with the rules given as options is fine). Rules are numbered after those already in the builder.
     *
     * @param source where the text came from, for error messages
     */
    public static CleanupPolicy.Builder readInto(String text, String source, CleanupPolicy.Builder policy) {
        Object root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            root = new Yaml(new SafeConstructor(options)).load(text);
        } catch (YAMLException e) {
            throw PipelineException.forField(RequestField.POLICY, "the policy " + source + " is neither YAML nor JSON: " + e.getMessage(), e);
        }
        Map<String, Object> map = root == null ? Map.of() : mapping(root, "policy", TOP);
        strings(map, "repositories").forEach(policy::repository);
        strings(map, "repositoryPatterns").forEach(policy::repositoryPattern);
        strings(map, "protectedTags").forEach(policy::protectedTag);
        strings(map, "inUse").forEach(policy::inUse);
        if (map.containsKey("inUseFile")) {
            policy.inUseFile(string(map.get("inUseFile"), "inUseFile"));
        }
        if (map.containsKey("buildCacheTag")) {
            Object tag = map.get("buildCacheTag");
            policy.buildCacheTag(tag == null ? null : string(tag, "buildCacheTag"));
        }
        if (map.containsKey("allowEmptyRepository")) {
            if (!(map.get("allowEmptyRepository") instanceof Boolean allow)) {
                throw PipelineException.forField(RequestField.ALLOW_EMPTY_REPOSITORY, "allowEmptyRepository is true or false, not '"
                        + map.get("allowEmptyRepository") + "'");
            }
            policy.allowEmptyRepository(allow);
        }
        Object rules = map.get("rules");
        if (rules != null) {
            if (!(rules instanceof List<?> list)) {
                throw PipelineException.forField(RequestField.RULES, "rules is a list of rules, e.g. '- untaggedOlderThan: 14d'");
            }
            int first = policy.ruleCount();
            for (int i = 0; i < list.size(); i++) {
                policy.rule(rule(list.get(i), "rules[" + (first + i) + "]"));
            }
        }
        return policy;
    }

    private static CleanupRule rule(Object node, String field) {
        if (!(node instanceof Map<?, ?> raw)) {
            throw PipelineException.forFieldNamed(field, field + " is not a rule; write one of: untaggedOlderThan: 14d | keep: 5 with tagGroup: "
                    + "'intermediate-(.*)' | taggedOlderThan: 90d with an optional tagPattern");
        }
        if (raw.containsKey("untaggedOlderThan")) {
            Map<String, Object> map = mapping(node, field, UNTAGGED);
            return new CleanupRule.UntaggedOlderThan(Age.parse(scalar(map.get("untaggedOlderThan"), field + ".untaggedOlderThan"),
                    field + ".untaggedOlderThan"));
        }
        if (raw.containsKey("keep")) {
            Map<String, Object> map = mapping(node, field, KEEP);
            Object keep = map.get("keep");
            if (!(keep instanceof Integer count)) {
                throw PipelineException.forFieldNamed(field + ".keep", "invalid count '" + keep + "' in " + field + ".keep: write a whole number, e.g. 5");
            }
            if (!map.containsKey("tagGroup")) {
                throw PipelineException.forFieldNamed(field + ".tagGroup", field + " keeps the newest " + count + " of each tag group: "
                        + "add tagGroup, a regular expression whose first capture group names the group, e.g. 'intermediate-(.*)'");
            }
            return new CleanupRule.KeepNewest(count, string(map.get("tagGroup"), field + ".tagGroup"));
        }
        if (raw.containsKey("taggedOlderThan")) {
            Map<String, Object> map = mapping(node, field, TAGGED);
            return new CleanupRule.TaggedOlderThan(Age.parse(scalar(map.get("taggedOlderThan"), field + ".taggedOlderThan"),
                    field + ".taggedOlderThan"), map.containsKey("tagPattern") ? string(map.get("tagPattern"), field + ".tagPattern") : null);
        }
        Object first = raw.keySet().stream().map(String::valueOf).findFirst().orElse("(nothing)");
        throw PipelineException.forFieldNamed(field + "." + first, "unknown rule field '" + first + "' in " + field
                + "; a rule starts with untaggedOlderThan, keep or taggedOlderThan");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> mapping(Object node, String field, Set<String> allowed) {
        if (!(node instanceof Map<?, ?> map)) {
            throw PipelineException.forFieldNamed(field, field + " must be a mapping of fields, e.g. 'rules:'");
        }
        for (Object key : map.keySet()) {
            if (!allowed.contains(String.valueOf(key))) {
                String path = field.equals("policy") ? String.valueOf(key) : field + "." + key;
                throw PipelineException.forFieldNamed(path, "unknown field '" + path + "'; known here: "
                        + String.join(", ", allowed.stream().sorted().toList()));
            }
        }
        return (Map<String, Object>) map;
    }

    private static List<String> strings(Map<String, Object> map, String field) {
        Object value = map.get(field);
        if (value == null) {
            return List.of();
        }
        if (value instanceof String single) {
            return List.of(single);
        }
        if (!(value instanceof List<?> list)) {
            throw PipelineException.forFieldNamed(field, field + " is a list of strings");
        }
        List<String> all = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            all.add(string(list.get(i), field + "[" + i + "]"));
        }
        return all;
    }

    private static String string(Object value, String field) {
        if (!(value instanceof String text)) {
            throw PipelineException.forFieldNamed(field, field + " must be a string" + (value == null ? "" : ", not '" + value + "'")
                    + " (quote it in YAML)");
        }
        return text;
    }

    /** Ages may be written unquoted; a bare number arrives as an Integer and gets the age error. */
    private static String scalar(Object value, String field) {
        if (value instanceof String || value instanceof Number) {
            return String.valueOf(value);
        }
        throw PipelineException.forFieldNamed(field, field + " must be an age such as 14d");
    }
}
