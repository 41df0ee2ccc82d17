package io.jenkins.plugins.ecrpipeline.cleanup;

import io.jenkins.plugins.ecrpipeline.PipelineException;
import io.jenkins.plugins.ecrpipeline.RequestField;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * What a cleanup may delete and what it must keep. Read one from YAML or JSON with {@link PolicyReader}, or build it
 * from arguments with {@link #builder()}. Protections (protected tags, images in use, the build cache tag, the
 * newest of each tag group, what a kept index references) always win over the delete rules.
 *
 * @param repositories repository names to clean
 * @param repositoryPatterns regular expressions; every repository of the registry whose whole name matches is cleaned
 * @param rules the rules, in order: the first delete rule that selects an image is the one the plan names
 * @param protectedTags regular expressions; an image with a tag matching one in full is never deleted
 * @param inUse images in use (deployed): {@code sha256:...}, {@code [host/]repository@sha256:...} or {@code [host/]repository:tag}
 * @param inUseFile a file with more of those, one a line ({@code #} starts a comment), relative to the workspace; or null
 * @param buildCacheTag the nightly build's moving tag; it and its cache tag ({@code <tag>-cache}, which the build reads its
 *     registry cache from) are kept; null for none
 * @param allowEmptyRepository whether a plan may delete every image of a repository
 */
public record CleanupPolicy(List<String> repositories, List<String> repositoryPatterns, List<CleanupRule> rules, List<String> protectedTags,
        List<String> inUse, String inUseFile, String buildCacheTag, boolean allowEmptyRepository) implements Serializable {
    private static final long serialVersionUID = 1L;
    /** The tag {@code build} pushes and reads its registry cache from. */
    public static final String DEFAULT_BUILD_CACHE_TAG = "intermediate";

    public CleanupPolicy {
        repositories = List.copyOf(repositories);
        repositoryPatterns = List.copyOf(repositoryPatterns);
        rules = List.copyOf(rules);
        protectedTags = List.copyOf(protectedTags);
        inUse = List.copyOf(inUse);
        inUseFile = inUseFile == null || inUseFile.isBlank() ? null : inUseFile;
        buildCacheTag = buildCacheTag == null || buildCacheTag.isBlank() ? null : buildCacheTag;
        if (repositories.isEmpty() && repositoryPatterns.isEmpty()) {
            throw PipelineException.forField(RequestField.REPOSITORIES, "no repository to clean: name repositories, or give repositoryPatterns "
                    + "(regular expressions over repository names)");
        }
        for (int i = 0; i < repositories.size(); i++) {
            if (repositories.get(i) == null || repositories.get(i).isBlank()) {
                throw PipelineException.forFieldNamed("repositories[" + i + "]", "an empty repository name in repositories[" + i + "]");
            }
        }
        for (int i = 0; i < repositoryPatterns.size(); i++) {
            CleanupRule.regex(repositoryPatterns.get(i), "repositoryPatterns[" + i + "]");
        }
        for (int i = 0; i < protectedTags.size(); i++) {
            CleanupRule.regex(protectedTags.get(i), "protectedTags[" + i + "]");
        }
        if (rules.isEmpty()) {
            throw PipelineException.forField(RequestField.RULES, "no rules: give at least one, e.g. untaggedOlderThan: 14d");
        }
        for (int i = 0; i < rules.size(); i++) {
            rules.get(i).validate("rules[" + i + "]");
        }
        if (rules.stream().filter(r -> r instanceof CleanupRule.UntaggedOlderThan).count() > 1) {
            throw PipelineException.forField(RequestField.RULES, "more than one untaggedOlderThan rule: keep the one with the shortest age");
        }
        parse(inUse);
    }

    /** The policy in one line for the log, so a reader sees what each cleanup call was asked to do. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        List<String> where = new ArrayList<>(repositories);
        repositoryPatterns.forEach(pattern -> where.add("matching " + pattern));
        parts.add("repositories " + String.join(", ", where));
        parts.add("rules " + String.join("; ", rules.stream().map(CleanupRule::describe).toList()));
        if (!protectedTags.isEmpty()) {
            parts.add("protected tags " + String.join(", ", protectedTags));
        }
        if (!inUse.isEmpty() || inUseFile != null) {
            parts.add("in use " + (inUse.isEmpty() ? "" : inUse.size() + " image" + (inUse.size() == 1 ? "" : "s"))
                    + (inUseFile == null ? "" : (inUse.isEmpty() ? "" : " and ") + "those in " + inUseFile));
        }
        if (buildCacheTag != null) {
            parts.add("build cache tag " + buildCacheTag);
        }
        if (allowEmptyRepository) {
            parts.add("may empty a repository");
        }
        return String.join("; ", parts);
    }

    /** {@link #inUse()} parsed. */
    List<InUse> inUseImages() {
        return parse(inUse);
    }

    private static List<InUse> parse(List<String> inUse) {
        List<InUse> all = new ArrayList<>();
        for (int i = 0; i < inUse.size(); i++) {
            all.add(InUse.parse(inUse.get(i), "inUse[" + i + "]"));
        }
        return all;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a policy from simple arguments (a CLI, a Pipeline step); the constructor validates. */
    public static final class Builder {
        private final List<String> repositories = new ArrayList<>();
        private final List<String> repositoryPatterns = new ArrayList<>();
        private final List<CleanupRule> rules = new ArrayList<>();
        private final List<String> protectedTags = new ArrayList<>();
        private final List<String> inUse = new ArrayList<>();
        private String inUseFile;
        private String buildCacheTag = DEFAULT_BUILD_CACHE_TAG;
        private boolean allowEmptyRepository;

        private Builder() {
        }

        /** Starts from a policy (a file's), so that arguments add to it. */
        public Builder from(CleanupPolicy policy) {
            repositories.addAll(policy.repositories());
            repositoryPatterns.addAll(policy.repositoryPatterns());
            rules.addAll(policy.rules());
            protectedTags.addAll(policy.protectedTags());
            inUse.addAll(policy.inUse());
            inUseFile = policy.inUseFile();
            buildCacheTag = policy.buildCacheTag();
            allowEmptyRepository = policy.allowEmptyRepository();
            return this;
        }

        public Builder repository(String name) {
            repositories.add(name);
            return this;
        }

        public Builder repositoryPattern(String regex) {
            repositoryPatterns.add(regex);
            return this;
        }

        public Builder rule(CleanupRule rule) {
            rules.add(rule);
            return this;
        }

        /** How many rules there are so far (the next one is {@code rules[ruleCount()]} in errors). */
        public int ruleCount() {
            return rules.size();
        }

        public Builder untaggedOlderThan(String age) {
            return rule(new CleanupRule.UntaggedOlderThan(Age.parse(age, "rules[" + rules.size() + "].untaggedOlderThan")));
        }

        public Builder taggedOlderThan(String age, String tagPattern) {
            return rule(new CleanupRule.TaggedOlderThan(Age.parse(age, "rules[" + rules.size() + "].taggedOlderThan"),
                    tagPattern == null || tagPattern.isBlank() ? null : tagPattern));
        }

        /** {@code N=REGEX}, as a person writes a keep rule in a command or a step: {@code 10=intermediate-(.*)}. */
        public Builder keep(String spec) {
            return rule(CleanupRule.KeepNewest.parse(spec));
        }

        public Builder keepNewest(int keep, String tagGroup) {
            return rule(new CleanupRule.KeepNewest(keep, tagGroup));
        }

        public Builder protectedTag(String regex) {
            protectedTags.add(regex);
            return this;
        }

        public Builder inUse(String image) {
            inUse.add(image);
            return this;
        }

        public Builder inUseFile(String path) {
            inUseFile = path;
            return this;
        }

        /** The nightly build's cache tag; null or empty for none. */
        public Builder buildCacheTag(String tag) {
            buildCacheTag = tag;
            return this;
        }

        public Builder allowEmptyRepository(boolean value) {
            allowEmptyRepository = value;
            return this;
        }

        public CleanupPolicy build() {
            return new CleanupPolicy(repositories, repositoryPatterns, rules, protectedTags, inUse, inUseFile, buildCacheTag, allowEmptyRepository);
        }
    }
}
