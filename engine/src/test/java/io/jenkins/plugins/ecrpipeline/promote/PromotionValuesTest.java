package io.jenkins.plugins.ecrpipeline.promote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.ecrpipeline.PipelineException;
import io.jenkins.plugins.ecrpipeline.registry.Manifests;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The request's forms and checks, and the report file that deploy reads back. */
class PromotionValuesTest {
    private static final String ECR = "123456789012.dkr.ecr.eu-west-1.amazonaws.com";
    private static final String DIGEST = "sha256:" + "a".repeat(64);

    @Test
    void aBareTagStaysInTheSourceRepositoryAndAFullReferenceGoesElsewhere() {
        PromotionRequest request = PromotionRequest.builder()
                .image(null, ECR + "/team/web@" + DIGEST, List.of("production", "127.0.0.1:5000/mirror/web:production"), null).build();

        ServicePromotion web = request.services().get(0);
        assertEquals("web", web.service());
        assertEquals(new ImageReference(ECR, "team/web", null, DIGEST), web.source());
        assertEquals(List.of(new ImageReference(ECR, "team/web", "production", null), new ImageReference("127.0.0.1:5000", "mirror/web", "production", null)),
                web.targets());
    }

    @Test
    void servicesFormNamesEachRepositoryAfterItsService() {
        PromotionRequest request = PromotionRequest.builder().services(List.of("web", "api"), ECR + "/team", "intermediate",
                List.of("production"), null).expectDigest("api", DIGEST).build();

        assertEquals(ECR + "/team/api:intermediate", request.services().get(1).source().toString());
        assertEquals(ECR + "/team/api:production", request.services().get(1).targets().get(0).toString());
        assertEquals(DIGEST, request.services().get(1).expectedDigest());
        assertEquals(null, request.services().get(0).expectedDigest());
    }

    @Test
    void errorsNameTheField() {
        PipelineException badDigest = assertThrows(PipelineException.class, () -> PromotionRequest.builder()
                .image("web", ECR + "/web:intermediate", List.of("production"), "sha256:abc").build());
        assertEquals("expected digest", badDigest.field().orElse(null));

        PipelineException unknown = assertThrows(PipelineException.class, () -> PromotionRequest.builder()
                .image("web", ECR + "/web:intermediate", List.of("production"), null).expectDigest("api", DIGEST).build());
        assertTrue(unknown.getMessage().contains("an expected digest is given for api, which is not promoted"), unknown.getMessage());

        PipelineException noTargets = assertThrows(PipelineException.class, () -> PromotionRequest.builder()
                .image("web", ECR + "/web:intermediate", List.of(), null).build());
        assertEquals("target tags", noTargets.field().orElse(null));

        PipelineException noRegistry = assertThrows(PipelineException.class, () -> PromotionRequest.builder()
                .image("web", "web:intermediate", List.of("production"), null).build());
        assertTrue(noRegistry.getMessage().contains("names no registry"), noRegistry.getMessage());
    }

    @Test
    void theReportFileReadsBackEqual() {
        Instant now = Instant.parse("2026-11-25T03:00:00Z");
        PromotionReport report = new PromotionReport(now, now.plusSeconds(3), List.of(new PromotionResult("web", ECR + "/web:intermediate",
                List.of(ECR + "/web:production"), List.of(ECR + "/web:production"), DIGEST, Manifests.DOCKER_MANIFEST, PromotionResult.Route.ECR_API, 0, 0, 0, 0,
                PromotionResult.Outcome.PROMOTED, null)));

        String json = PromotionReportFile.json(report);

        assertTrue(json.contains("\"digest\" : \"" + DIGEST + "\""), json);
        assertEquals(report, PromotionReportFile.read(json.getBytes(StandardCharsets.UTF_8), "promoted.json"));
        PipelineException notAReport = assertThrows(PipelineException.class,
                () -> PromotionReportFile.read("{\"x\":1}".getBytes(StandardCharsets.UTF_8), "other.json"));
        assertEquals("promotion report", notAReport.field().orElse(null));
    }
}
