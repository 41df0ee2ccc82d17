package io.jenkins.plugins.ecrpipeline.jenkins;

import static io.jenkins.plugins.ecrpipeline.jenkins.StepEnvironments.ROLE;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.jenkins.plugins.ecrpipeline.PipelineException;
import io.jenkins.plugins.ecrpipeline.process.Redaction;
import io.jenkins.plugins.ecrpipeline.promote.PromotionReport;
import io.jenkins.plugins.ecrpipeline.promote.PromotionRequest;
import io.jenkins.plugins.ecrpipeline.promote.PromotionResult;
import io.jenkins.plugins.ecrpipeline.promote.ServicePromotion;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jenkinsci.plugins.structs.describable.DescribableModel;
import org.junit.Test;

/** ecrPromote's pure parts: its parameters as the engine's request, the report as the script's value or failure. */
public class EcrPromoteMappingTest {
    private static final String REGISTRY = "123456789012.dkr.ecr.eu-west-1.amazonaws.com";
    private static final String DIGEST = "sha256:" + "ab".repeat(32);

    @Test
    public void aTagWithADigestIsPromotedOnlyWhileItNamesThatDigest() {
        EcrPromoteStep step = new EcrPromoteStep("production, release-42");
        step.setImages(List.of(REGISTRY + "/web:candidate@" + DIGEST, REGISTRY + "/api:candidate", REGISTRY + "/worker@" + DIGEST));
        step.setReport("promotion.json");
        PromotionRequest request = EcrPromoteMapping.request(step, StepEnvironments.build());

        List<ServicePromotion> services = request.services();
        assertEquals(List.of("web", "api", "worker"), services.stream().map(ServicePromotion::service).toList());
        assertEquals(REGISTRY + "/web:candidate", services.get(0).source().toString());
        assertEquals(DIGEST, services.get(0).expectedDigest());
        assertEquals(List.of(REGISTRY + "/web:production", REGISTRY + "/web:release-42"), services.get(0).targets().stream().map(Object::toString).toList());
        assertNull(services.get(1).expectedDigest());
        // A digest alone is the image itself: nothing to check it against.
        assertEquals(REGISTRY + "/worker@" + DIGEST, services.get(2).source().toString());
        assertNull(services.get(2).expectedDigest());
        assertEquals("promotion.json", request.reportFile());
    }

    @Test
    public void servicesArePromotedFromTheirTagToTheTargetRegistry() {
        EcrPromoteStep step = new EcrPromoteStep("production");
        step.setServices("web api");
        step.setRegistry(REGISTRY + "/team");
        step.setTargetRegistry("222222222222.dkr.ecr.eu-west-1.amazonaws.com");
        List<ServicePromotion> services = EcrPromoteMapping.request(step, StepEnvironments.build()).services();
        assertEquals(REGISTRY + "/team/web:intermediate", services.get(0).source().toString());
        assertEquals(List.of("222222222222.dkr.ecr.eu-west-1.amazonaws.com/api:production"), services.get(1).targets().stream().map(Object::toString).toList());
    }

    @Test
    public void ecrsApiIsUsedWithTheRolesAccountUnlessTurnedOff() {
        EcrPromoteStep step = new EcrPromoteStep("production");
        step.setImages(List.of(REGISTRY + "/web:candidate"));
        step.setRegion("eu-west-1");
        step.setRole(ROLE);
        assertEquals(StepAwsSessions.ecrApi("eu-west-1", ROLE, StepEnvironments.build()), EcrPromoteMapping.request(step, StepEnvironments.build()).ecrApi());
        step.setEcrApi(false);
        assertNull(EcrPromoteMapping.request(step, StepEnvironments.build()).ecrApi());
    }

    /** Jenkinsfiles written before the rename say ecrLogin: the old name sets ecrApi, and reads it back. */
    @Test
    public void theOldEcrLoginNameIsEcrApiBothWays() throws Exception {
        EcrPromoteStep step = new EcrPromoteStep("production");
        step.setEcrLogin(false);
        assertFalse(step.isEcrApi());
        step.setEcrApi(true);
        assertTrue(step.isEcrLogin());
        step.setEcrApi(false);
        assertFalse(step.isEcrLogin());
        // As Pipeline binds a script's named arguments.
        EcrPromoteStep bound = new DescribableModel<>(EcrPromoteStep.class).instantiate(Map.of("to", "production", "ecrLogin", false));
        assertFalse(bound.isEcrApi());
        EcrCleanupStep cleanup = new DescribableModel<>(EcrCleanupStep.class).instantiate(Map.of("ecrLogin", false));
        assertFalse(cleanup.isEcrApi());
        assertTrue(new DescribableModel<>(EcrCleanupStep.class).getParameter("ecrLogin").isDeprecated());
        assertFalse(new DescribableModel<>(EcrCleanupStep.class).getParameter("ecrApi").isDeprecated());
    }

    @Test
    public void noTargetTagNamesTheToParameter() {
        EcrPromoteStep step = new EcrPromoteStep(" , ");
        step.setImages(List.of(REGISTRY + "/web:candidate"));
        PipelineException e = assertThrows(PipelineException.class, () -> EcrPromoteMapping.request(step, StepEnvironments.build()));
        assertEquals("ecrPromote: give the tag to promote to, e.g. production (parameter to)", Util.abort("ecrPromote", e, Redaction.NONE).getMessage());
    }

    @Test
    public void theScriptGetsOneMapPerServiceWithTheImagePinnedToItsDigest() {
        PromotionReport report = new PromotionReport(Instant.EPOCH, Instant.EPOCH, List.of(result("web", PromotionResult.Outcome.PROMOTED, null)));
        Map<String, Object> web = new LinkedHashMap<>();
        web.put("service", "web");
        web.put("from", REGISTRY + "/web:candidate");
        web.put("to", List.of(REGISTRY + "/web:production", REGISTRY + "/web:release"));
        web.put("placed", List.of(REGISTRY + "/web:production", REGISTRY + "/web:release"));
        web.put("digest", DIGEST);
        web.put("image", REGISTRY + "/web:production@" + DIGEST);
        web.put("bytesCopied", 0L);
        web.put("result", "PROMOTED");
        assertEquals(List.of(web), EcrPromoteMapping.toPipeline(report));
        assertEquals(Optional.empty(), EcrPromoteMapping.failure(report));
    }

    @Test
    public void theFailureNamesEachFailedPromotionAndWhy() {
        PromotionReport report = new PromotionReport(Instant.EPOCH, Instant.EPOCH, List.of(result("web", PromotionResult.Outcome.FAILED, "tag moved"),
                result("api", PromotionResult.Outcome.ALREADY_PROMOTED, null), result("worker", PromotionResult.Outcome.FAILED, "denied")));
        assertEquals(Optional.of("ecrPromote: 2 promotion(s) failed: web (tag moved); worker (denied)"), EcrPromoteMapping.failure(report));
    }

    private static PromotionResult result(String service, PromotionResult.Outcome outcome, String failure) {
        List<String> to = List.of(REGISTRY + "/" + service + ":production", REGISTRY + "/" + service + ":release");
        return new PromotionResult(service, REGISTRY + "/" + service + ":candidate", to, outcome.failed() ? List.of() : to, DIGEST,
                "application/vnd.oci.image.index.v1+json", PromotionResult.Route.ECR_API, 0, 0, 0, 0, outcome, failure);
    }
}
