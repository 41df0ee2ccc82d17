package io.jenkins.plugins.ecrpipeline.cleanup;

import io.jenkins.plugins.ecrpipeline.PipelineException;
import io.jenkins.plugins.ecrpipeline.RequestField;
import java.util.ArrayList;
import java.util.List;

/**
 * A cleanup policy as flat options, the way the CLI's flags and the {@code ecrCleanup} step's parameters spell it, and
 * the one mapping from those options to a {@link CleanupPolicy}: both faces fill this and call {@link #policy}, so they
 * accept the same options and fail the same way. Options add to a policy file's text when there is one.
 */
public final class CleanupOptions {
    private final List<String> repositories;
    private final List<String> repositoryPatterns;
    private final String untaggedOlderThan;
    private final List<String> keep;
    private final String taggedOlderThan;
    private final String tagPattern;
    private final List<String> protectedTags;
    private final List<String> inUse;
    private final String inUseFile;
    private final String buildCacheTag;
    private final boolean allowEmptyRepository;

    private CleanupOptions(Builder b) {
        repositories = List.copyOf(b.repositories);
        repositoryPatterns = List.copyOf(b.repositoryPatterns);
        untaggedOlderThan = blankToNull(b.untaggedOlderThan);
        keep = List.copyOf(b.keep);
        taggedOlderThan = blankToNull(b.taggedOlderThan);
        tagPattern = blankToNull(b.tagPattern);
        protectedTags = List.copyOf(b.protectedTags);
        inUse = List.copyOf(b.inUse);
        inUseFile = blankToNull(b.inUseFile);
        buildCacheTag = b.buildCacheTag;
        allowEmptyRepository = b.allowEmptyRepository;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Whether no option names what to clean or how (the build cache tag and allowEmptyRepository aside): applying a plan
     * file needs no policy then.
     */
    public boolean namesNothing() {
        return repositories.isEmpty() && repositoryPatterns.isEmpty() && untaggedOlderThan == null && keep.isEmpty()
                && taggedOlderThan == null && protectedTags.isEmpty() && inUse.isEmpty() && inUseFile == null;
    }

    /**
     * The policy: the policy file's text first, then these options added to it.
     *
     * @param policyText a YAML or JSON policy, or null for none
     * @param policySource where the text came from, for error messages
     */
    public CleanupPolicy policy(String policyText, String policySource) {
        CleanupPolicy.Builder builder = CleanupPolicy.builder();
        if (policyText != null) {
            PolicyReader.readInto(policyText, policySource, builder);
        }
        repositories.forEach(builder::repository);
        repositoryPatterns.forEach(builder::repositoryPattern);
        if (untaggedOlderThan != null) {
            builder.untaggedOlderThan(untaggedOlderThan);
        }
        keep.forEach(builder::keep);
        if (taggedOlderThan != null) {
            builder.taggedOlderThan(taggedOlderThan, tagPattern);
        } else if (tagPattern != null) {
            throw PipelineException.forField(RequestField.TAG_PATTERN, "a tag pattern narrows a tagged-older-than rule; give its age too");
        }
        protectedTags.forEach(builder::protectedTag);
        inUse.forEach(builder::inUse);
        if (inUseFile != null) {
            builder.inUseFile(inUseFile);
        }
        if (buildCacheTag != null) {
            builder.buildCacheTag(buildCacheTag);
        }
        if (allowEmptyRepository) {
            builder.allowEmptyRepository(true);
        }
        return builder.build();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /** Every option is optional; empty strings and null lists count as not given. */
    public static final class Builder {
        private final List<String> repositories = new ArrayList<>();
        private final List<String> repositoryPatterns = new ArrayList<>();
        private String untaggedOlderThan;
        private final List<String> keep = new ArrayList<>();
        private String taggedOlderThan;
        private String tagPattern;
        private final List<String> protectedTags = new ArrayList<>();
        private final List<String> inUse = new ArrayList<>();
        private String inUseFile;
        private String buildCacheTag;
        private boolean allowEmptyRepository;

        private Builder() {
        }

        public Builder repositories(List<String> values) {
            addAll(repositories, values);
            return this;
        }

        public Builder repositoryPatterns(List<String> values) {
            addAll(repositoryPatterns, values);
            return this;
        }

        public Builder untaggedOlderThan(String age) {
            untaggedOlderThan = age;
            return this;
        }

        /** {@code N=REGEX} each. */
        public Builder keep(List<String> values) {
            addAll(keep, values);
            return this;
        }

        public Builder taggedOlderThan(String age) {
            taggedOlderThan = age;
            return this;
        }

        /** Narrows taggedOlderThan; without it, the policy fails naming the field. */
        public Builder tagPattern(String regex) {
            tagPattern = regex;
            return this;
        }

        public Builder protectedTags(List<String> values) {
            addAll(protectedTags, values);
            return this;
        }

        public Builder inUse(List<String> values) {
            addAll(inUse, values);
            return this;
        }

        public Builder inUseFile(String path) {
            inUseFile = path;
            return this;
        }

        /** Null: not given (the policy file's, else {@value CleanupPolicy#DEFAULT_BUILD_CACHE_TAG}); empty: none. */
        public Builder buildCacheTag(String tag) {
            buildCacheTag = tag;
            return this;
        }

        public Builder allowEmptyRepository(boolean value) {
            allowEmptyRepository = value;
            return this;
        }

        public CleanupOptions build() {
            return new CleanupOptions(this);
        }

        private static void addAll(List<String> into, List<String> values) {
            if (values != null) {
                into.addAll(values);
            }
        }
    }
}
