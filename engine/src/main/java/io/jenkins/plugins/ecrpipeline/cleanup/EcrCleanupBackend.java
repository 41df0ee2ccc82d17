package io.jenkins.plugins.ecrpipeline.cleanup;

import io.jenkins.plugins.ecrpipeline.Retrying;
import io.jenkins.plugins.ecrpipeline.PipelineException;
import io.jenkins.plugins.ecrpipeline.aws.AwsErrors;
import io.jenkins.plugins.ecrpipeline.ecr.EcrRegistryApi;
import io.jenkins.plugins.ecrpipeline.registry.Manifests;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.metrics.CoreMetric;
import software.amazon.awssdk.metrics.MetricCollection;
import software.amazon.awssdk.metrics.MetricPublisher;
import software.amazon.awssdk.services.ecr.model.BatchDeleteImageResponse;
import software.amazon.awssdk.services.ecr.model.BatchGetImageResponse;
import software.amazon.awssdk.services.ecr.model.DescribeImagesResponse;
import software.amazon.awssdk.services.ecr.model.DescribeRepositoriesResponse;
import software.amazon.awssdk.services.ecr.model.Image;
import software.amazon.awssdk.services.ecr.model.ImageDetail;
import software.amazon.awssdk.services.ecr.model.ImageFailure;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecr.model.Repository;

/**
 * Cleanup through ECR's API: DescribeImages pages of 1000 (digest, tags, push time, size and media type in one call),
 * BatchGetImage of the indexes, 100 at a time, to learn what they reference, BatchDeleteImage in chunks of 100 with
 * every {@code failures[]} entry kept. Throttling and 5xx are retried by the SDK and then here, with backoff.
 */
final class EcrCleanupBackend implements CleanupBackend {
    /** ECR's page size limit for DescribeImages and DescribeRepositories. */
    static final int PAGE = 1000;
    /** ECR's limit of image ids per BatchGetImage and BatchDeleteImage. */
    static final int BATCH = 100;

    private final EcrRegistryApi api;
    private final Runnable onClose;
    private final ApiCalls calls = new ApiCalls();
    private final Retrying retrying;
    /** Counts the attempts the SDK retried by itself (its metrics), so throttling shows in the report. */
    private final MetricPublisher sdkRetries = new MetricPublisher() {
        @Override
        public void publish(MetricCollection metrics) {
            metrics.metricValues(CoreMetric.RETRY_COUNT).forEach(calls::retried);
        }

        @Override
        public void close() {
        }
    };

    /** @param onClose what closing the backend releases (the AWS sessions), or nothing */
    public EcrCleanupBackend(EcrRegistryApi api, Runnable onClose) {
        this(api, onClose, Retrying.standard());
    }

    EcrCleanupBackend(EcrRegistryApi api, Runnable onClose, Retrying retrying) {
        this.api = api;
        this.onClose = onClose;
        this.retrying = retrying;
    }

    @Override
    public String registry() {
        return api.host();
    }

    @Override
    public ApiCalls calls() {
        return calls;
    }

    private Consumer<AwsRequestOverrideConfiguration.Builder> counted() {
        return o -> o.addMetricPublisher(sdkRetries);
    }

    private <T> T call(String operation, String on, Retrying.Call<T> call) throws InterruptedException {
        try {
            return retrying.call(calls, operation, EcrCleanupBackend::passing, call);
        } catch (SdkException e) {
            throw AwsErrors.explain(e, "ecr:" + operation + " on " + on, api.credentialSource() + " credentials");
        }
    }

    /** Throttling, server errors and broken connections pass; refusals do not. */
    static boolean passing(RuntimeException e) {
        if (e instanceof AwsServiceException service) {
            return service.isThrottlingException() || service.statusCode() >= 500
                    || (service.awsErrorDetails() != null && "ThrottlingException".equals(service.awsErrorDetails().errorCode()));
        }
        return e instanceof SdkClientException;
    }

    @Override
    public List<String> repositories() throws InterruptedException {
        List<String> names = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            DescribeRepositoriesResponse page = call("DescribeRepositories", "the registry", () -> api.client().describeRepositories(r -> r
                    .registryId(api.registryId()).maxResults(PAGE).nextToken(next).overrideConfiguration(counted())));
            page.repositories().stream().map(Repository::repositoryName).forEach(names::add);
            token = page.nextToken();
        } while (token != null);
        return names.stream().sorted().toList();
    }

    @Override
    public RepositoryListing list(String repository) throws InterruptedException {
        List<ImageDetail> details = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            DescribeImagesResponse page = call("DescribeImages", repository, () -> api.client().describeImages(r -> r.registryId(api.registryId())
                    .repositoryName(repository).maxResults(PAGE).nextToken(next).overrideConfiguration(counted())));
            details.addAll(page.imageDetails());
            token = page.nextToken();
        } while (token != null);

        // An image whose media type ECR does not report might be an index: it is read too, never assumed to be none.
        List<String> indexes = details.stream().filter(d -> d.imageManifestMediaType() == null || isIndex(d.imageManifestMediaType()))
                .map(ImageDetail::imageDigest).toList();
        Map<String, String> readTypes = new HashMap<>();
        Map<String, List<String>> children = children(repository, indexes, readTypes);
        List<ImageRecord> images = new ArrayList<>();
        for (ImageDetail d : details) {
            String mediaType = d.imageManifestMediaType() != null ? d.imageManifestMediaType() : readTypes.get(d.imageDigest());
            images.add(new ImageRecord(d.imageDigest(), d.imageTags() == null ? List.of() : d.imageTags(), d.imagePushedAt(),
                    d.imageSizeInBytes() == null ? -1 : d.imageSizeInBytes(), mediaType, children.getOrDefault(d.imageDigest(), List.of())));
        }
        return new RepositoryListing(repository, images);
    }

    private static boolean isIndex(String mediaType) {
        return Manifests.DOCKER_LIST.equals(mediaType) || Manifests.OCI_INDEX.equals(mediaType);
    }

    /** What each index references; an index deleted since the listing references nothing any more. */
    private Map<String, List<String>> children(String repository, List<String> indexes, Map<String, String> mediaTypes) throws InterruptedException {
        Map<String, List<String>> children = new HashMap<>();
        for (int from = 0; from < indexes.size(); from += BATCH) {
            List<ImageIdentifier> ids = indexes.subList(from, Math.min(indexes.size(), from + BATCH)).stream()
                    .map(d -> ImageIdentifier.builder().imageDigest(d).build()).toList();
            BatchGetImageResponse response = call("BatchGetImage", repository, () -> api.client().batchGetImage(r -> r.registryId(api.registryId())
                    .repositoryName(repository).imageIds(ids).acceptedMediaTypes(Manifests.ALL).overrideConfiguration(counted())));
            for (Image image : response.images()) {
                Manifests.Parsed parsed = Manifests.parse(image.imageManifest().getBytes(StandardCharsets.UTF_8), image.imageManifestMediaType());
                children.put(image.imageId().imageDigest(), parsed.manifests().stream().map(Manifests.Descriptor::digest).toList());
                mediaTypes.put(image.imageId().imageDigest(), parsed.mediaType());
            }
            for (ImageFailure failure : response.failures()) {
                if (!"ImageNotFound".equals(failure.failureCodeAsString())) {
                    // Planning without knowing what an index references could delete a platform image it needs.
                    throw new PipelineException("ECR could not read index " + failure.imageId().imageDigest() + " of " + repository + ": "
                            + failure.failureCodeAsString() + " (" + failure.failureReason() + "); nothing was planned");
                }
            }
        }
        return children;
    }

    @Override
    public DeleteResult delete(String repository, List<PlanEntry> images) throws InterruptedException {
        List<String> deleted = new ArrayList<>();
        List<DeleteFailure> failures = new ArrayList<>();
        for (int from = 0; from < images.size(); from += BATCH) {
            List<PlanEntry> chunk = images.subList(from, Math.min(images.size(), from + BATCH));
            List<ImageIdentifier> ids = chunk.stream().map(e -> ImageIdentifier.builder().imageDigest(e.digest()).build()).toList();
            BatchDeleteImageResponse response;
            try {
                response = call("BatchDeleteImage", repository, () -> api.client().batchDeleteImage(r -> r.registryId(api.registryId())
                        .repositoryName(repository).imageIds(ids).overrideConfiguration(counted())));
            } catch (PipelineException e) {
                // The whole call failed after its retries: every image of the chunk is still there.
                chunk.forEach(c -> failures.add(new DeleteFailure(repository, c.digest(), "CallFailed", e.getMessage())));
                continue;
            }
            Set<String> gone = new HashSet<>();
            response.imageIds().forEach(id -> gone.add(id.imageDigest()));
            deleted.addAll(gone.stream().sorted().toList());
            for (ImageFailure f : response.failures()) {
                String digest = f.imageId() == null ? null : f.imageId().imageDigest();
                failures.add(new DeleteFailure(repository, digest, f.failureCodeAsString(), f.failureReason()));
            }
        }
        return new DeleteResult(deleted, failures);
    }

    /** Sets the repository's lifecycle policy (ECR applies it within 24 hours). */
    public void putLifecyclePolicy(String repository, String policyText) throws InterruptedException {
        call("PutLifecyclePolicy", repository, () -> api.client().putLifecyclePolicy(r -> r.registryId(api.registryId())
                .repositoryName(repository).lifecyclePolicyText(policyText).overrideConfiguration(counted())));
    }

    @Override
    public void close() {
        onClose.run();
    }
}
