package io.jenkins.plugins.ecrpipeline.promote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.ecrpipeline.localaws.BlobTraffic;
import io.jenkins.plugins.ecrpipeline.localaws.LocalEcrExtension;
import io.jenkins.plugins.ecrpipeline.localaws.LocalEcrFixture;
import io.jenkins.plugins.ecrpipeline.registry.Manifests;
import io.jenkins.plugins.ecrpipeline.support.LocalStackExtension;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * How a promotion across registries moves blobs, watched at the local ECR's registry fronts: several at once and no
 * more than the bound, each streamed in one PATCH, a read that fails for a while read again, and a blob that cannot
 * be copied leaving the target tag unwritten.
 */
@ExtendWith({LocalStackExtension.class, LocalEcrExtension.class})
class PromoteBlobCopiesTest {
    private static final String OWN = "111111111111";
    private static final String OTHER = "222222222222";
    private static final String REPOSITORY = "promote-test/big";
    private static final int LAYERS = 8;
    private static final int LAYER_SIZE = 12 * 1024 * 1024;
    private PromotionFixture f;
    private String digest;

    @BeforeEach
    void start(LocalEcrFixture aws) throws Exception {
        f = new PromotionFixture(aws);
        f.createRepository(OWN, REPOSITORY, false);
        f.createRepository(OTHER, REPOSITORY, false);
        digest = f.pushRandomImage(OWN, REPOSITORY, "candidate", LAYERS, LAYER_SIZE);
        f.aws.server.blobTraffic(OWN).reset();
        f.aws.server.blobTraffic(OTHER).reset();
    }

    private PromotionResult promoteToOtherAccount() throws Exception {
        PromotionReport report = ImagePromotion.promote(PromotionRequest.builder().image("big", f.registry(OWN) + "/" + REPOSITORY + ":candidate",
                List.of(f.registry(OTHER) + "/" + REPOSITORY + ":release"), digest).ecrApi(f.ecrLogin(true)).build(), f.host());
        return report.services().get(0);
    }

    private String firstLayer() throws Exception {
        try (var session = f.session(OWN)) {
            var image = session.ecr().batchGetImage(r -> r.repositoryName(REPOSITORY)
                    .imageIds(software.amazon.awssdk.services.ecr.model.ImageIdentifier.builder().imageTag("candidate").build())
                    .acceptedMediaTypes(Manifests.ALL)).images().get(0);
            return Manifests.parse(image.imageManifest().getBytes(StandardCharsets.UTF_8), image.imageManifestMediaType()).blobs().stream()
                    .filter(b -> b.size() == LAYER_SIZE).findFirst().orElseThrow().digest();
        }
    }

    @Test
    void severalBlobsAreInFlightAtOnceAndNoMoreThanTheBound() throws Exception {
        PromotionResult result = promoteToOtherAccount();

        assertEquals(PromotionResult.Outcome.PROMOTED, result.outcome(), result.failure());
        assertEquals(digest, f.digestOf(OTHER, REPOSITORY, "release"), "the other account serves the identical digest");
        assertEquals(LAYERS + 1, result.blobsCopied(), "the layers and the config");
        BlobTraffic target = f.aws.server.blobTraffic(OTHER);
        assertTrue(target.mostConcurrentUploads() >= 2, "uploads overlapped: at most " + target.mostConcurrentUploads() + " at once");
        assertTrue(target.mostConcurrentUploads() <= BlobCopies.PARALLEL, "bounded: " + target.mostConcurrentUploads() + " at once");
    }

    @Test
    void eachBlobIsStreamedInOnePatch() throws Exception {
        PromotionResult result = promoteToOtherAccount();

        assertEquals(PromotionResult.Outcome.PROMOTED, result.outcome(), result.failure());
        BlobTraffic target = f.aws.server.blobTraffic(OTHER);
        assertEquals(LAYERS + 1, target.uploadsWithBody("PATCH"), "one PATCH carried each blob");
        assertEquals(0, target.uploadsWithBody("PUT"), "the closing PUTs carried no bytes");
        assertEquals(digest, f.digestOf(OTHER, REPOSITORY, "release"));
    }

    @Test
    void aBlobReadThatFailsForAWhileIsReadAgain() throws Exception {
        f.aws.server.blobTraffic(OWN).refuseReads(firstLayer(), 2);

        PromotionResult result = promoteToOtherAccount();

        assertEquals(PromotionResult.Outcome.PROMOTED, result.outcome(), result.failure());
        assertEquals(digest, f.digestOf(OTHER, REPOSITORY, "release"));
        assertEquals(LAYERS + 1, result.blobsCopied());
    }

    @Test
    void aBlobThatCannotBeCopiedLeavesTheTargetTagUnwritten() throws Exception {
        String layer = firstLayer();
        f.aws.server.blobTraffic(OWN).refuseReads(layer, Integer.MAX_VALUE);

        PromotionResult result = promoteToOtherAccount();

        assertEquals(PromotionResult.Outcome.FAILED, result.outcome());
        assertTrue(result.failure().contains(layer), "the failure names the blob: " + result.failure());
        assertEquals(List.of(), result.placed());
        assertNull(f.digestOf(OTHER, REPOSITORY, "release"), "no manifest was written over a missing blob");
        assertTrue(f.console.stream().anyMatch(l -> l.contains("FAILED") && l.contains("Nothing was placed.")), String.join("\n", f.console));
    }
}
