package io.jenkins.plugins.ecrpipeline.localaws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.ecrpipeline.support.LocalStack;
import io.jenkins.plugins.ecrpipeline.support.LocalStackExtension;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.AuthorizationData;
import software.amazon.awssdk.services.ecr.model.DescribeImagesResponse;
import software.amazon.awssdk.services.ecr.model.ImageDetail;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecr.model.InvalidParameterException;
import software.amazon.awssdk.services.ecr.model.ListImagesResponse;
import software.amazon.awssdk.services.ecr.model.TagStatus;

/** Paging over 2,500 images behaves as the ECR model says: page sizes, tokens, no duplicates and no gaps. */
@ExtendWith(LocalStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EcrPaginationTest {
    private static final int IMAGES = 2_500;
    private static final String REPO = "many";

    private LocalEcrFixture aws;
    private EcrClient ecr;
    private final Set<String> putDigests = new HashSet<>();

    @BeforeAll
    void fillRepository(LocalStack stack, @TempDir Path dir) throws Exception {
        aws = new LocalEcrFixture(stack, dir, Clock.systemUTC());
        ecr = aws.ecr(aws.instanceProfile());
        ecr.createRepository(r -> r.repositoryName(REPO));
        AuthorizationData auth = ecr.getAuthorizationToken().authorizationData().get(0);
        Path config = aws.dockerLogin(auth);
        String image = auth.proxyEndpoint().substring("http://".length()) + "/" + REPO + ":base";
        aws.docker(config, "tag", stack.baseImage(), image);
        aws.docker(config, "push", image);
        String base = ecr.batchGetImage(r -> r.repositoryName(REPO).imageIds(ImageIdentifier.builder().imageTag("base").build())).images().get(0).imageManifest();
        ObjectMapper json = new ObjectMapper();
        ObjectNode manifest = (ObjectNode) json.readTree(base);
        for (int i = 0; i < IMAGES; i++) {
            // The same layers under a different annotation: a distinct, untagged manifest per image.
            manifest.putObject("annotations").put("org.example.build", Integer.toString(i));
            String text = manifest.toString();
            putDigests.add(ecr.putImage(r -> r.repositoryName(REPO).imageManifest(text)).image().imageId().imageDigest());
        }
        assertEquals(IMAGES, putDigests.size());
    }

    @AfterAll
    void stop() {
        ecr.close();
        aws.close();
    }

    @Test
    void describeImagesPagesOfAThousand() {
        List<Integer> sizes = new ArrayList<>();
        List<String> digests = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            DescribeImagesResponse page = ecr.describeImages(r -> r.repositoryName(REPO).maxResults(1000).nextToken(next)
                    .filter(f -> f.tagStatus(TagStatus.UNTAGGED)));
            sizes.add(page.imageDetails().size());
            page.imageDetails().forEach(d -> digests.add(d.imageDigest()));
            token = page.nextToken();
        } while (token != null);
        assertEquals(List.of(1000, 1000, 500), sizes);
        assertEquals(IMAGES, digests.size(), "no duplicates");
        assertEquals(putDigests, new HashSet<>(digests), "no gaps");
    }

    @Test
    void defaultPageSizeIsAHundredAndThePaginatorSeesEveryImage() {
        DescribeImagesResponse first = ecr.describeImages(r -> r.repositoryName(REPO));
        assertEquals(100, first.imageDetails().size());
        assertNotNull(first.nextToken());
        List<ImageDetail> all = new ArrayList<>();
        ecr.describeImagesPaginator(r -> r.repositoryName(REPO)).imageDetails().forEach(all::add);
        assertEquals(IMAGES + 1, all.size(), "2,500 untagged images and the tagged base");
        assertEquals(IMAGES + 1, all.stream().map(ImageDetail::imageDigest).distinct().count());
    }

    @Test
    void listImagesPagesAndFilters() {
        List<String> untagged = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String next = token;
            ListImagesResponse page = ecr.listImages(r -> r.repositoryName(REPO).maxResults(700).nextToken(next)
                    .filter(f -> f.tagStatus(TagStatus.UNTAGGED)));
            page.imageIds().forEach(id -> {
                assertNull(id.imageTag());
                untagged.add(id.imageDigest());
            });
            token = page.nextToken();
            pages++;
        } while (token != null);
        assertEquals(4, pages);
        assertEquals(putDigests, new HashSet<>(untagged));
        assertEquals(1, ecr.listImages(r -> r.repositoryName(REPO).filter(f -> f.tagStatus(TagStatus.TAGGED))).imageIds().size());
    }

    @Test
    void pageSizeOutsideTheModelRangeIsRejected() {
        assertThrows(InvalidParameterException.class, () -> ecr.describeImages(r -> r.repositoryName(REPO).maxResults(1001)));
        assertThrows(InvalidParameterException.class, () -> ecr.listImages(r -> r.repositoryName(REPO).maxResults(0)));
    }

    @Test
    void aTokenFromAnotherRequestIsRejected() {
        String token = ecr.describeImages(r -> r.repositoryName(REPO).maxResults(10)).nextToken();
        assertThrows(InvalidParameterException.class, () -> ecr.listImages(r -> r.repositoryName(REPO).nextToken(token)));
    }
}
