package io.jenkins.plugins.ecrpipeline.ecr;

import io.jenkins.plugins.ecrpipeline.aws.AwsErrors;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecr.model.ImageTagMutabilityExclusionFilter;
import software.amazon.awssdk.services.ecr.model.Repository;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;

/**
 * Whether ECR lets a tag of one repository move to another image: the repository's {@code imageTagMutability} and,
 * for the {@code *_WITH_EXCLUSION} settings, its wildcard exclusion filters.
 *
 * @param setting MUTABLE, IMMUTABLE, IMMUTABLE_WITH_EXCLUSION or MUTABLE_WITH_EXCLUSION
 * @param exclusions the exclusion filters' wildcard patterns ({@code *} is any run of characters)
 */
public record TagMutability(String setting, List<String> exclusions) {
    public TagMutability {
        exclusions = List.copyOf(exclusions);
    }

    /** Whether a tag that names another image would be refused (ECR's ImageTagAlreadyExistsException). */
    public boolean immutable(String tag) {
        boolean excluded = exclusions.stream().anyMatch(pattern -> wildcard(pattern).matcher(tag).matches());
        return switch (setting.toUpperCase(Locale.ROOT)) {
            case "IMMUTABLE" -> true;
            case "IMMUTABLE_WITH_EXCLUSION" -> !excluded;
            case "MUTABLE_WITH_EXCLUSION" -> excluded;
            // MUTABLE, and a setting newer than this code: ECR itself decides at the write.
            default -> false;
        };
    }

    /**
     * The repository's setting, read with DescribeRepositories; empty when the credentials may not describe repositories
     * (then ECR itself decides at the write, and the report says what was placed).
     *
     * @throws RepositoryNotFoundException when the repository does not exist
     */
    public static Optional<TagMutability> read(EcrRegistryApi api, String repository) {
        try {
            Repository found = api.client().describeRepositories(r -> r.registryId(api.registryId()).repositoryNames(repository))
                    .repositories().get(0);
            return Optional.of(new TagMutability(found.imageTagMutabilityAsString() == null ? "MUTABLE" : found.imageTagMutabilityAsString(),
                    found.imageTagMutabilityExclusionFilters().stream().map(ImageTagMutabilityExclusionFilter::filter).toList()));
        } catch (RepositoryNotFoundException missing) {
            throw missing;
        } catch (AwsServiceException e) {
            if (e.awsErrorDetails() != null && "AccessDeniedException".equals(e.awsErrorDetails().errorCode())) {
                return Optional.empty();
            }
            throw AwsErrors.explain(e, "ecr:DescribeRepositories on " + repository, api.credentialSource() + " credentials");
        } catch (SdkException e) {
            throw AwsErrors.explain(e, "ecr:DescribeRepositories on " + repository, api.credentialSource() + " credentials");
        }
    }

    private static Pattern wildcard(String pattern) {
        return Pattern.compile(Arrays.stream(pattern.split("\\*", -1)).map(Pattern::quote).collect(Collectors.joining(".*")));
    }
}
