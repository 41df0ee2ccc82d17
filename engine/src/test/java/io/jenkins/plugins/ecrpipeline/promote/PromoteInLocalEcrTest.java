package io.jenkins.plugins.ecrpipeline.promote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.ecrpipeline.PipelineException;
import io.jenkins.plugins.ecrpipeline.localaws.LocalEcrExtension;
import io.jenkins.plugins.ecrpipeline.localaws.LocalEcrFixture;
import io.jenkins.plugins.ecrpipeline.registry.Manifests;
import io.jenkins.plugins.ecrpipeline.support.LocalStackExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Retags within one repository of the local ECR (real registries, images pushed by real docker) through ECR's API:
 * single-arch and multi-arch, by tag and by digest, with the guard and immutable tags. The host refuses to run any
 * command, so no {@code docker pull} (nor any docker) happened.
 */
@ExtendWith({LocalStackExtension.class, LocalEcrExtension.class})
class PromoteInLocalEcrTest {
    private static final String OWN = "111111111111";
    private PromotionFixture f;

    @BeforeEach
    void start(LocalEcrFixture aws) {
        f = new PromotionFixture(aws);
    }

    private PromotionReport promote(PromotionRequest.Builder request) throws Exception {
        return ImagePromotion.promote(request.ecrApi(f.ecrLogin(false)).build(), f.host());
    }

    @Test
    void singleArchImageIsRetaggedByTagAndServesTheIdenticalDigest() throws Exception {
        f.createRepository(OWN, "promote-test/web", false);
        String digest = f.push(OWN, f.aws.stack.baseImage(), "promote-test/web", "intermediate");

        PromotionReport report = promote(PromotionRequest.builder()
                .image("web", f.registry(OWN) + "/promote-test/web:intermediate", List.of("production", "stable"), null));

        PromotionResult web = report.services().get(0);
        assertEquals(PromotionResult.Outcome.PROMOTED, web.outcome(), web.failure());
        assertEquals(PromotionResult.Route.ECR_API, web.route());
        assertEquals(digest, web.digest());
        assertEquals(0, web.bytesCopied());
        assertEquals(Map.of("intermediate", digest, "production", digest, "stable", digest), f.tags(OWN, "promote-test/web"));
        assertEquals(List.of(), f.commands, "no command ran, so nothing was pulled");
        assertTrue(f.console.stream().anyMatch(l -> l.startsWith("web ") && l.contains("promoted")), String.join("\n", f.console));
    }

    @Test
    void promotingAgainIsASuccessThatChangesNothing() throws Exception {
        f.createRepository(OWN, "promote-test/again", false);
        String digest = f.push(OWN, f.aws.stack.baseImage(), "promote-test/again", "intermediate");
        PromotionRequest.Builder request = PromotionRequest.builder()
                .image("again", f.registry(OWN) + "/promote-test/again:intermediate", List.of("production"), digest);
        promote(request);

        PromotionResult second = promote(request).services().get(0);

        assertEquals(PromotionResult.Outcome.ALREADY_PROMOTED, second.outcome(), second.failure());
        assertEquals(digest, f.digestOf(OWN, "promote-test/again", "production"));
    }

    @Test
    void multiArchIndexIsPromotedWholeByDigest() throws Exception {
        f.createRepository(OWN, "promote-test/multi", false);
        String index = f.pushMultiArch(OWN, "promote-test/multi", "candidate");

        PromotionResult result = promote(PromotionRequest.builder()
                .image("multi", f.registry(OWN) + "/promote-test/multi@" + index, List.of("release"), null)).services().get(0);

        assertEquals(PromotionResult.Outcome.PROMOTED, result.outcome(), result.failure());
        assertEquals(Manifests.DOCKER_LIST, result.mediaType());
        assertEquals(index, f.digestOf(OWN, "promote-test/multi", "release"));
        assertEquals(200, f.aws.registryManifestStatus(f.session(OWN).ecr().getAuthorizationToken().authorizationData().get(0),
                "promote-test/multi", "release"), "the registry serves the new tag");
        assertEquals(List.of(), f.commands);
    }

    @Test
    void staleExpectedDigestFailsAndChangesNothing() throws Exception {
        f.createRepository(OWN, "promote-test/guard", false);
        String tested = f.push(OWN, f.aws.stack.baseImage(), "promote-test/guard", "intermediate");
        f.createRepository(OWN, "promote-test/guard-other", false);
        f.createRepository(OWN, "promote-test/moved", false);
        f.push(OWN, f.aws.stack.baseImage(), "promote-test/guard-other", "intermediate");
        // Someone pushes another image under the tag after it was tested.
        String moved = f.push(OWN, f.variantImage(), "promote-test/guard", "intermediate");
        assertNotEquals(tested, moved);
        Map<String, String> before = f.tags(OWN, "promote-test/guard");

        PipelineException e = assertThrows(PipelineException.class, () -> promote(PromotionRequest.builder()
                .services(List.of("guard-other", "guard"), f.registry(OWN) + "/promote-test", "intermediate", List.of("production"), null)
                .expectDigest("guard", tested)));

        assertEquals("expected digest", e.field().orElse(null));
        assertTrue(e.getMessage().contains("guard: " + f.registry(OWN) + "/promote-test/guard:intermediate is " + moved
                + ", not the expected " + tested), e.getMessage());
        assertTrue(e.getMessage().contains("Nothing was promoted."), e.getMessage());
        assertEquals(before, f.tags(OWN, "promote-test/guard"));
        assertEquals(null, f.digestOf(OWN, "promote-test/guard-other", "production"), "the other service was not promoted either");
    }

    @Test
    void immutableRepositoryGivesAClearErrorBeforeAnythingChanges() throws Exception {
        f.createRepository(OWN, "promote-test/locked", true);
        f.push(OWN, f.aws.stack.baseImage(), "promote-test/locked", "intermediate");
        String production = f.push(OWN, f.variantImage(), "promote-test/locked", "production");

        PipelineException e = assertThrows(PipelineException.class, () -> promote(PromotionRequest.builder()
                .image("locked", f.registry(OWN) + "/promote-test/locked:intermediate", List.of("production"), null)));

        assertEquals("target tags", e.field().orElse(null));
        assertTrue(e.getMessage().contains("tag 'production' already exists in " + f.registry(OWN) + "/promote-test/locked"), e.getMessage());
        assertTrue(e.getMessage().contains("immutable tags"), e.getMessage());
        assertTrue(e.getMessage().contains("put-image-tag-mutability"), e.getMessage());
        assertEquals(production, f.digestOf(OWN, "promote-test/locked", "production"));
    }
}
