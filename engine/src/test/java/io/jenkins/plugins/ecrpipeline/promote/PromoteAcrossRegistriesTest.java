package io.jenkins.plugins.ecrpipeline.promote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.ecrpipeline.localaws.LocalEcrExtension;
import io.jenkins.plugins.ecrpipeline.localaws.LocalEcrFixture;
import io.jenkins.plugins.ecrpipeline.support.LocalStackExtension;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Promotion through the registry API between repositories and between two accounts' registries of the local ECR:
 * blobs the target lacks are mounted (same registry) or copied (another registry), the others are left alone, and
 * the counts say which. Nothing runs docker.
 */
@ExtendWith({LocalStackExtension.class, LocalEcrExtension.class})
class PromoteAcrossRegistriesTest {
    private static final String OWN = "111111111111";
    private static final String OTHER = "222222222222";
    private PromotionFixture f;

    @BeforeEach
    void start(LocalEcrFixture aws) {
        f = new PromotionFixture(aws);
    }

    private PromotionResult promote(String service, String source, String target) throws Exception {
        PromotionReport report = ImagePromotion.promote(PromotionRequest.builder().image(service, source, List.of(target), null)
                .ecrApi(f.ecrLogin(true)).build(), f.host());
        PromotionResult result = report.services().get(0);
        assertEquals(List.of(), f.commands, "no command ran, so nothing was pulled");
        return result;
    }

    @Test
    void crossAccountPromotionCopiesOnlyTheMissingBlobs() throws Exception {
        f.createRepository(OWN, "promote-test/api", false);
        f.createRepository(OTHER, "promote-test/api", false);
        String base = f.push(OWN, f.aws.stack.baseImage(), "promote-test/api", "intermediate");
        String variant = f.push(OWN, f.variantImage(), "promote-test/api", "candidate");

        PromotionResult first = promote("api", f.registry(OWN) + "/promote-test/api:intermediate", f.registry(OTHER) + "/promote-test/api:production");

        assertEquals(PromotionResult.Outcome.PROMOTED, first.outcome(), first.failure());
        assertEquals(PromotionResult.Route.REGISTRY_API, first.route());
        assertEquals(base, f.digestOf(OTHER, "promote-test/api", "production"), "the other account serves the identical digest");
        int layers = f.layerCount(OWN, "promote-test/api", "intermediate");
        assertEquals(layers + 1, first.blobsCopied(), "config and layers");
        assertEquals(0, first.blobsSkipped());
        assertTrue(first.bytesCopied() > 1_000_000, "the busybox layer was copied: " + first.bytesCopied());

        // The variant shares the layer: only its config is missing in the other account.
        PromotionResult second = promote("api", f.registry(OWN) + "/promote-test/api:candidate", f.registry(OTHER) + "/promote-test/api:release");

        assertEquals(PromotionResult.Outcome.PROMOTED, second.outcome(), second.failure());
        assertEquals(variant, f.digestOf(OTHER, "promote-test/api", "release"));
        assertEquals(1, second.blobsCopied(), "only the config was missing");
        assertEquals(layers, second.blobsSkipped(), "the shared layers were already there");
        assertTrue(second.bytesCopied() < 10_000, "a config is small: " + second.bytesCopied());

        PromotionResult again = promote("api", f.registry(OWN) + "/promote-test/api:candidate", f.registry(OTHER) + "/promote-test/api:release");
        assertEquals(PromotionResult.Outcome.ALREADY_PROMOTED, again.outcome(), again.failure());
        assertEquals(0, again.bytesCopied());
    }

    @Test
    void multiArchIndexIsCopiedWholeToAnotherAccount() throws Exception {
        f.createRepository(OWN, "promote-test/multi", false);
        f.createRepository(OTHER, "promote-test/multi", false);
        String index = f.pushMultiArch(OWN, "promote-test/multi", "candidate");

        PromotionResult result = promote("multi", f.registry(OWN) + "/promote-test/multi:candidate", f.registry(OTHER) + "/promote-test/multi:release");

        assertEquals(PromotionResult.Outcome.PROMOTED, result.outcome(), result.failure());
        assertEquals(index, f.digestOf(OTHER, "promote-test/multi", "release"));
        int layers = f.layerCount(OWN, "promote-test/multi", "candidate-amd64");
        assertEquals(layers + 2, result.blobsCopied(), "two configs and the shared layers, once");
        assertEquals(layers, result.blobsSkipped(), "the second platform's layers were there by then");
        assertEquals(java.util.Map.of("release", index), f.tags(OTHER, "promote-test/multi"), "the platform images are copied untagged");
    }

    @Test
    void anotherRepositoryOfTheSameRegistryGetsTheBlobsMounted() throws Exception {
        f.createRepository(OWN, "promote-test/nightly/web", false);
        f.createRepository(OWN, "promote-test/release/web", false);
        String digest = f.push(OWN, f.aws.stack.baseImage(), "promote-test/nightly/web", "intermediate");

        PromotionResult result = promote("web", f.registry(OWN) + "/promote-test/nightly/web:intermediate",
                f.registry(OWN) + "/promote-test/release/web:production");

        assertEquals(PromotionResult.Outcome.PROMOTED, result.outcome(), result.failure());
        assertEquals(digest, f.digestOf(OWN, "promote-test/release/web", "production"));
        assertEquals(f.layerCount(OWN, "promote-test/nightly/web", "intermediate") + 1, result.blobsMounted());
        assertEquals(0, result.blobsCopied());
        assertEquals(0, result.bytesCopied());
    }
}
