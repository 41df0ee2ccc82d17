package io.jenkins.plugins.ecrpipeline.promote;

import io.jenkins.plugins.ecrpipeline.PipelineException;
import io.jenkins.plugins.ecrpipeline.aws.AwsErrors;
import io.jenkins.plugins.ecrpipeline.ecr.EcrRegistryApi;
import io.jenkins.plugins.ecrpipeline.registry.Manifests;
import io.jenkins.plugins.ecrpipeline.registry.RegistryClient;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecr.model.BatchGetImageResponse;
import software.amazon.awssdk.services.ecr.model.Image;
import software.amazon.awssdk.services.ecr.model.ImageAlreadyExistsException;
import software.amazon.awssdk.services.ecr.model.ImageFailure;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecr.model.ImageTagAlreadyExistsException;
import software.amazon.awssdk.services.ecr.model.PutImageResponse;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;

/**
 * A retag within one ECR repository: BatchGetImage (accepting all four manifest types, so ECR converts nothing) and
 * PutImage with the same manifest bytes under the new tag. No blob moves, so nothing is pulled.
 */
final class EcrRetag {
    private EcrRetag() {
    }

    /**
     * The manifest the reference names, or empty when the repository does not hold it.
     *
     * @throws RepositoryNotFoundException when there is no such repository (each caller words it for its side)
     */
    static Optional<RegistryClient.Manifest> read(EcrRegistryApi api, ImageReference source) {
        ImageIdentifier id = source.digest() != null ? ImageIdentifier.builder().imageDigest(source.digest()).build()
                : ImageIdentifier.builder().imageTag(source.tag()).build();
        BatchGetImageResponse response;
        try {
            response = api.client().batchGetImage(r -> r.registryId(api.registryId()).repositoryName(source.repository())
                    .imageIds(id).acceptedMediaTypes(Manifests.ALL));
        } catch (RepositoryNotFoundException missing) {
            throw missing;
        } catch (SdkException e) {
            throw AwsErrors.explain(e, "ecr:BatchGetImage on " + source.repository(), api.credentialSource() + " credentials");
        }
        if (response.images().isEmpty()) {
            ImageFailure failure = response.failures().isEmpty() ? null : response.failures().get(0);
            if (failure == null || "ImageNotFound".equals(failure.failureCodeAsString())) {
                return Optional.empty();
            }
            throw new PipelineException("ECR could not read " + source + ": " + failure.failureCodeAsString() + " (" + failure.failureReason() + ")");
        }
        Image image = response.images().get(0);
        byte[] bytes = image.imageManifest().getBytes(StandardCharsets.UTF_8);
        String mediaType = Manifests.parse(bytes, image.imageManifestMediaType()).mediaType();
        return Optional.of(new RegistryClient.Manifest(image.imageId().imageDigest(), mediaType, bytes));
    }

    /**
     * Tags the manifest in the target's repository.
     *
     * @return false when the tag already named this digest (ECR's ImageAlreadyExistsException: nothing to do)
     */
    static boolean tag(EcrRegistryApi api, ImageReference target, RegistryClient.Manifest manifest) {
        PutImageResponse response;
        try {
            response = api.client().putImage(r -> r.registryId(api.registryId()).repositoryName(target.repository())
                    .imageTag(target.tag()).imageManifest(new String(manifest.bytes(), StandardCharsets.UTF_8))
                    .imageManifestMediaType(manifest.mediaType()));
        } catch (ImageAlreadyExistsException already) {
            return false;
        } catch (ImageTagAlreadyExistsException immutable) {
            throw PromotionErrors.immutableTag(target.repositoryName(), target.tag(), "ECR: " + immutable.awsErrorDetails().errorMessage());
        } catch (SdkException e) {
            throw AwsErrors.explain(e, "ecr:PutImage on " + target.repository(), api.credentialSource() + " credentials");
        }
        String digest = response.image().imageId().imageDigest();
        if (!manifest.digest().equals(digest)) {
            throw new PipelineException("ECR stored " + target + " as " + digest + ", not " + manifest.digest()
                    + ": the manifest changed on the way; check the tag in the ECR console");
        }
        return true;
    }
}
