package io.jenkins.plugins.ecrpipeline.localaws;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A repository's ECR metadata; its images live in the account's registry.
 *
 * @param imageTagMutability MUTABLE, IMMUTABLE, IMMUTABLE_WITH_EXCLUSION or MUTABLE_WITH_EXCLUSION
 * @param exclusionFilters the wildcard filters ({@code *} is any run of characters) that the two
 *     {@code *_WITH_EXCLUSION} settings exempt: mutable tags of an immutable repository, or the reverse
 * @param lifecyclePolicyText the lifecycle policy JSON, or null
 */
record EcrRepository(String account, String region, String name, Instant createdAt, String imageTagMutability,
        List<String> exclusionFilters, boolean scanOnPush, String lifecyclePolicyText) {

    EcrRepository {
        exclusionFilters = List.copyOf(exclusionFilters);
    }

    String arn() {
        return "arn:aws:ecr:" + region + ":" + account + ":repository/" + name;
    }

    /** Whether ECR refuses to move this tag once it names an image (ImageTagAlreadyExistsException, or TAG_INVALID on a push). */
    boolean immutableTag(String tag) {
        boolean excluded = exclusionFilters.stream()
                .anyMatch(filter -> Pattern.compile(Arrays.stream(filter.split("\\*", -1)).map(Pattern::quote).collect(Collectors.joining(".*")))
                        .matcher(tag).matches());
        return switch (imageTagMutability) {
            case "IMMUTABLE" -> true;
            case "IMMUTABLE_WITH_EXCLUSION" -> !excluded;
            case "MUTABLE_WITH_EXCLUSION" -> excluded;
            default -> false;
        };
    }

    EcrRepository withLifecyclePolicy(String text) {
        return new EcrRepository(account, region, name, createdAt, imageTagMutability, exclusionFilters, scanOnPush, text);
    }
}
