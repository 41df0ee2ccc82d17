package io.jenkins.plugins.ecrpipeline.promote;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jenkins.plugins.ecrpipeline.aws.AwsSessionSettings;
import io.jenkins.plugins.ecrpipeline.ecr.EcrAuthorizationRequest;
import io.jenkins.plugins.ecrpipeline.localaws.MotoServer;
import io.jenkins.plugins.ecrpipeline.process.Host;
import io.jenkins.plugins.ecrpipeline.registry.Manifests;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;

/** The ECR retag route against moto, an independent ECR implementation (it has no registry: images exist through PutImage). */
class PromoteAgainstMotoTest {
    private static final String REGISTRY = "123456789012.dkr.ecr.eu-west-1.amazonaws.com";
    private static final String MANIFEST = "{\"schemaVersion\":2,\"mediaType\":\"" + Manifests.DOCKER_MANIFEST + "\",\"config\":{\"mediaType\":"
            + "\"application/vnd.docker.container.image.v1+json\",\"size\":1469,\"digest\":\"sha256:" + "c".repeat(64) + "\"},\"layers\":[{"
            + "\"mediaType\":\"application/vnd.docker.image.rootfs.diff.tar.gzip\",\"size\":2811321,\"digest\":\"sha256:" + "d".repeat(64) + "\"}]}";

    @TempDir
    Path dir;
    private MotoServer moto;
    private Map<String, String> env;
    private EcrClient ecr;

    @BeforeEach
    void start() throws Exception {
        moto = MotoServer.start(dir.resolve("moto.log"));
        env = Map.of("HOME", dir.toString(), "AWS_ACCESS_KEY_ID", "AKIAMOTOTESTKEY00001", "AWS_SECRET_ACCESS_KEY", "moto-secret-key-for-tests",
                "AWS_REGION", "eu-west-1", "AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:1/");
        ecr = EcrClient.builder().endpointOverride(moto.endpoint()).region(Region.EU_WEST_1).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAMOTOTESTKEY00001", "moto-secret-key-for-tests")))
                .build();
    }

    @AfterEach
    void stop() {
        ecr.close();
        moto.close();
    }

    @Test
    void retagThroughEcrsApiIsIdempotent() throws Exception {
        ecr.createRepository(r -> r.repositoryName("promote-test/web"));
        String digest = ecr.putImage(r -> r.repositoryName("promote-test/web").imageTag("intermediate").imageManifest(MANIFEST)
                .imageManifestMediaType(Manifests.DOCKER_MANIFEST)).image().imageId().imageDigest();
        List<String> ran = new ArrayList<>();
        Host host = Host.local(env).runner((command, output) -> {
            ran.add(command.display());
            throw new AssertionError("a promotion ran " + command.display());
        }).tempDirectory(dir).build();
        PromotionRequest request = PromotionRequest.builder().image("web", REGISTRY + "/promote-test/web:intermediate", List.of("production"), digest)
                .ecrApi(EcrAuthorizationRequest.ownAccount(new AwsSessionSettings(null, moto.endpoint(), null, Duration.ofSeconds(2)))).build();

        PromotionResult first = ImagePromotion.promote(request, host).services().get(0);
        PromotionResult second = ImagePromotion.promote(request, host).services().get(0);

        assertEquals(PromotionResult.Outcome.PROMOTED, first.outcome(), first.failure());
        assertEquals(PromotionResult.Route.ECR_API, first.route());
        assertEquals(digest, first.digest());
        assertEquals(PromotionResult.Outcome.ALREADY_PROMOTED, second.outcome(), second.failure());
        assertEquals(digest, ecr.batchGetImage(r -> r.repositoryName("promote-test/web").imageIds(ImageIdentifier.builder().imageTag("production").build())
                .acceptedMediaTypes(Manifests.ALL)).images().get(0).imageId().imageDigest());
        assertEquals(List.of(), ran);
    }
}
