package io.jenkins.plugins.ecrpipeline.localaws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.ecrpipeline.support.LocalStackExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.AuthorizationData;
import software.amazon.awssdk.services.ecr.model.BatchDeleteImageResponse;
import software.amazon.awssdk.services.ecr.model.ImageDetail;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;

/** docker pushes into the local ECR with a GetAuthorizationToken password; the ECR API sees and deletes the image. */
@ExtendWith({LocalStackExtension.class, LocalEcrExtension.class})
class EcrPushDescribeDeleteTest {
    private LocalEcrFixture aws;

    @BeforeEach
    void start(LocalEcrFixture fixture) {
        aws = fixture;
    }


    @Test
    void pushedImageIsDescribedAndBatchDeleteRemovesItFromTheRegistry() throws Exception {
        try (EcrClient ecr = aws.ecr(aws.instanceProfile())) {
            ecr.createRepository(r -> r.repositoryName("nightly/web"));
            AuthorizationData auth = ecr.getAuthorizationToken().authorizationData().get(0);
            Path config = aws.dockerLogin(auth);
            String image = auth.proxyEndpoint().substring("http://".length()) + "/nightly/web:intermediate";
            aws.docker(config, "tag", aws.stack.baseImage(), image);
            Matcher pushed = Pattern.compile("digest: (sha256:[0-9a-f]{64})").matcher(aws.docker(config, "push", image));
            assertTrue(pushed.find());
            String digest = pushed.group(1);

            List<ImageDetail> details = ecr.describeImages(r -> r.repositoryName("nightly/web")).imageDetails();
            assertEquals(1, details.size());
            ImageDetail detail = details.get(0);
            assertEquals(digest, detail.imageDigest());
            assertEquals(List.of("intermediate"), detail.imageTags());
            assertEquals("111111111111", detail.registryId());
            assertTrue(detail.imageSizeInBytes() > 1_000_000, "busybox layer size: " + detail.imageSizeInBytes());
            assertEquals("application/vnd.docker.distribution.manifest.v2+json", detail.imageManifestMediaType());
            assertEquals("application/vnd.docker.container.image.v1+json", detail.artifactMediaType());
            assertTrue(detail.imagePushedAt() != null);
            assertEquals(200, aws.registryManifestStatus(auth, "nightly/web", digest));

            BatchDeleteImageResponse deleted = ecr.batchDeleteImage(r -> r.repositoryName("nightly/web")
                    .imageIds(ImageIdentifier.builder().imageTag("intermediate").build()));

            assertEquals(List.of(), deleted.failures());
            assertEquals(digest, deleted.imageIds().get(0).imageDigest());
            assertEquals(404, aws.registryManifestStatus(auth, "nightly/web", digest), "the registry no longer serves the manifest");
            assertEquals(List.of(), ecr.describeImages(r -> r.repositoryName("nightly/web")).imageDetails());
        }
    }

    @Test
    void imagesReferencedByAnIndexAreKeptUntilTheIndexIsDeleted() throws Exception {
        try (EcrClient ecr = aws.ecr(aws.instanceProfile())) {
            ecr.createRepository(r -> r.repositoryName("multi"));
            AuthorizationData auth = ecr.getAuthorizationToken().authorizationData().get(0);
            Path config = aws.dockerLogin(auth);
            String image = auth.proxyEndpoint().substring("http://".length()) + "/multi:amd64";
            aws.docker(config, "tag", aws.stack.baseImage(), image);
            aws.docker(config, "push", image);
            software.amazon.awssdk.services.ecr.model.Image child = ecr.batchGetImage(r -> r.repositoryName("multi")
                    .imageIds(ImageIdentifier.builder().imageTag("amd64").build())).images().get(0);
            String childDigest = child.imageId().imageDigest();
            int size = child.imageManifest().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            String index = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[{"
                    + "\"mediaType\":\"" + child.imageManifestMediaType() + "\",\"digest\":\"" + childDigest + "\",\"size\":" + size
                    + ",\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"}}]}";
            String indexDigest = ecr.putImage(r -> r.repositoryName("multi").imageTag("latest").imageManifest(index)
                    .imageManifestMediaType("application/vnd.oci.image.index.v1+json")).image().imageId().imageDigest();
            // The child is untagged now, as a platform image of a multi-arch tag is.
            ecr.batchDeleteImage(r -> r.repositoryName("multi").imageIds(ImageIdentifier.builder().imageTag("amd64").build()));

            BatchDeleteImageResponse refused = ecr.batchDeleteImage(r -> r.repositoryName("multi").imageIds(ImageIdentifier.builder().imageDigest(childDigest).build()));
            assertEquals(List.of(), refused.imageIds());
            assertEquals("ImageReferencedByManifestList", refused.failures().get(0).failureCodeAsString());
            assertEquals(200, aws.registryManifestStatus(auth, "multi", childDigest), "the referenced child is still served");

            BatchDeleteImageResponse both = ecr.batchDeleteImage(r -> r.repositoryName("multi").imageIds(
                    software.amazon.awssdk.services.ecr.model.ImageIdentifier.builder().imageDigest(indexDigest).build(),
                    software.amazon.awssdk.services.ecr.model.ImageIdentifier.builder().imageDigest(childDigest).build()));
            assertEquals(List.of(), both.failures(), "the index first, then its child, in one batch");
            assertEquals(List.of(), ecr.describeImages(r -> r.repositoryName("multi")).imageDetails());
        }
    }

    @Test
    void pushToARepositoryThatWasNeverCreatedIsDenied() throws Exception {
        try (EcrClient ecr = aws.ecr(aws.instanceProfile())) {
            AuthorizationData auth = ecr.getAuthorizationToken().authorizationData().get(0);
            Path config = aws.dockerLogin(auth);
            String image = auth.proxyEndpoint().substring("http://".length()) + "/never-created:intermediate";
            aws.docker(config, "tag", aws.stack.baseImage(), image);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> aws.docker(config, "push", image));
            assertTrue(e.getMessage().contains("denied") || e.getMessage().contains("unauthorized"), e.getMessage());
            assertThrows(RepositoryNotFoundException.class, () -> ecr.describeImages(r -> r.repositoryName("never-created")));
        }
    }
}
