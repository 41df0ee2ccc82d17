package io.jenkins.plugins.ecrpipeline.jenkins;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;

import io.jenkins.plugins.ecrpipeline.PipelineException;
import io.jenkins.plugins.ecrpipeline.ecr.EcrAuthorizationRequest;
import io.jenkins.plugins.ecrpipeline.intermediatebuild.BuildReport;
import io.jenkins.plugins.ecrpipeline.intermediatebuild.BuildRequest;
import io.jenkins.plugins.ecrpipeline.intermediatebuild.ServiceResult;
import io.jenkins.plugins.ecrpipeline.process.Redaction;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.Test;

/** intermediateBuild's pure parts: its parameters as the engine's request, the report as the script's value or failure. */
public class IntermediateBuildMappingTest {
    private static final String REGISTRY = "123456789012.dkr.ecr.eu-west-1.amazonaws.com";

    @Test
    public void everyParameterReachesTheRequest() {
        IntermediateBuildStep step = new IntermediateBuildStep();
        step.setCompose("ci/compose.yml");
        step.setServices("web-production, web-qa");
        step.setRegistry(REGISTRY + "/team");
        step.setTag("nightly");
        step.setParallel(2);
        step.setBuildArgs(List.of("NPM_REGISTRY=https://npm.example.com", " MODE =ci=yes"));
        step.setPush(false);
        step.setDocker("/usr/local/bin/docker");
        step.setNetwork("host");
        step.setEcrLogin(true);
        step.setRegion("eu-west-1");
        step.setReport("reports/build.json");
        step.setShard("1/2");
        step.setPushAttempts(5);
        step.setDatedTag("{tag}-{buildDate}");
        step.setRegistryCache(false);
        step.setOciLabels(false);
        step.setAttestations(true);
        step.setPull(true);
        step.setServiceTimeout("1h30m");
        step.setFailFast(true);
        step.setSmokeTests(List.of("web-qa=test -x /app/server"));
        step.setSmokeTestNetwork("bridge");

        BuildRequest request = IntermediateBuildMapping.request(step, StepEnvironments.build());

        assertEquals("ci/compose.yml", request.composeFile());
        assertEquals(List.of("web-production", "web-qa"), request.services());
        assertEquals(REGISTRY + "/team", request.registry());
        assertEquals("nightly", request.tag());
        assertEquals(2, request.parallelism());
        Map<String, String> args = new LinkedHashMap<>();
        args.put("NPM_REGISTRY", "https://npm.example.com");
        // The key is trimmed; the value is taken as written, '=' and all.
        args.put("MODE", "ci=yes");
        assertEquals(args, request.buildArgs());
        assertEquals(false, request.push());
        assertEquals("/usr/local/bin/docker", request.docker());
        assertEquals("host", request.network());
        assertEquals("reports/build-shard-1-of-2.json", request.reportFile());
        assertEquals(EcrAuthorizationRequest.ownAccount(StepAwsSessions.session("eu-west-1", null, StepEnvironments.build())), request.ecrLogin());
        assertEquals("1/2", request.shard());
        assertEquals(5, request.pushAttempts());
        assertEquals("{tag}-{buildDate}", request.datedTag());
        assertEquals(false, request.registryCache());
        assertEquals(false, request.ociLabels());
        assertEquals(true, request.attestations());
        assertEquals(true, request.pull());
        assertEquals(Duration.ofMinutes(90), request.serviceTimeout());
        assertEquals(true, request.failFast());
        assertEquals(Map.of("web-qa", "test -x /app/server"), request.smokeTests());
        assertEquals("bridge", request.smokeTestNetwork());
    }

    @Test
    public void aPatternSelectsTheServices() {
        IntermediateBuildStep step = new IntermediateBuildStep();
        step.setPattern("-(production|qa)$");
        BuildRequest request = IntermediateBuildMapping.request(step, StepEnvironments.build());
        assertEquals("-(production|qa)$", request.pattern());
        assertEquals(List.of(), request.services());
    }

    @Test
    public void theDefaultsAreTheEnginesAndNoEcrLoginUnlessAsked() {
        BuildRequest request = IntermediateBuildMapping.request(new IntermediateBuildStep(), StepEnvironments.build());
        assertEquals(BuildRequest.DEFAULT_COMPOSE_FILE, request.composeFile());
        assertEquals(BuildRequest.DEFAULT_TAG, request.tag());
        assertEquals(BuildRequest.DEFAULT_PUSH_ATTEMPTS, request.pushAttempts());
        assertEquals("ecr-image-pipeline-report.json", request.reportFile());
        assertNull(request.ecrLogin());
        assertNull(request.serviceTimeout());
    }

    /** Parallel shards archive into one build: each report is named for its shard, wherever the name has its dot. */
    @Test
    public void aShardsReportIsNamedForTheShard() {
        assertEquals("ecr-image-pipeline-report-shard-2-of-3.json", IntermediateBuildMapping.reportFile("ecr-image-pipeline-report.json", "2/3"));
        assertEquals("reports/build-shard-1-of-2", IntermediateBuildMapping.reportFile("reports/build", "1/2"));
        assertEquals("out.d/report-shard-1-of-2", IntermediateBuildMapping.reportFile("out.d/report", "1/2"));
        assertEquals("report.json", IntermediateBuildMapping.reportFile("report.json", ""));
        assertEquals("", IntermediateBuildMapping.reportFile("", "1/2"));
    }

    /** What the build log says: the step, the entry, and the parameter to fix in the step's spelling. */
    @Test
    public void anEntryWithoutEqualsNamesItsParameter() {
        IntermediateBuildStep step = new IntermediateBuildStep();
        step.setBuildArgs(List.of("MODE"));
        PipelineException e = assertThrows(PipelineException.class, () -> IntermediateBuildMapping.request(step, StepEnvironments.build()));
        assertEquals("intermediateBuild: build argument 'MODE' is not KEY=VALUE (parameter buildArgs)",
                Util.abort("intermediateBuild", e, Redaction.NONE).getMessage());

        IntermediateBuildStep smoke = new IntermediateBuildStep();
        smoke.setSmokeTests(List.of("=true"));
        e = assertThrows(PipelineException.class, () -> IntermediateBuildMapping.request(smoke, StepEnvironments.build()));
        assertEquals("intermediateBuild: smoke test '=true' is not SERVICE=COMMAND (parameter smokeTests)",
                Util.abort("intermediateBuild", e, Redaction.NONE).getMessage());
    }

    @Test
    public void theScriptGetsOneMapPerService() {
        BuildReport report = report(new ServiceResult("web-qa", REGISTRY + "/web-qa:intermediate", ServiceResult.Outcome.PUSHED,
                "sha256:" + "a".repeat(64), "sha256:" + "b".repeat(64), 1234, Duration.ofMillis(4500), null));
        Map<String, Object> web = new LinkedHashMap<>();
        web.put("service", "web-qa");
        web.put("image", REGISTRY + "/web-qa:intermediate");
        web.put("digest", "sha256:" + "a".repeat(64));
        web.put("sizeBytes", 1234L);
        web.put("durationMillis", 4500L);
        web.put("result", "PUSHED");
        assertEquals(List.of(web), IntermediateBuildMapping.toPipeline(report));
        assertEquals(Optional.empty(), IntermediateBuildMapping.failure(report));
    }

    @Test
    public void theFailureNamesEveryFailedService() {
        BuildReport report = report(
                new ServiceResult("web-qa", "web-qa", ServiceResult.Outcome.BUILD_FAILED, null, null, 0, Duration.ZERO, "exit 1"),
                new ServiceResult("api-qa", "api-qa", ServiceResult.Outcome.PUSHED, "sha256:" + "c".repeat(64), null, 1, Duration.ZERO, null),
                new ServiceResult("worker-qa", "worker-qa", ServiceResult.Outcome.PUSH_FAILED, null, null, 0, Duration.ZERO, "denied"));
        assertEquals(Optional.of("intermediateBuild: 2 service(s) failed: web-qa, worker-qa. Their registry tags still hold the last good images; "
                + "the summary above says why each failed."), IntermediateBuildMapping.failure(report));
    }

    private static BuildReport report(ServiceResult... services) {
        return new BuildReport(Instant.EPOCH, Instant.EPOCH.plusSeconds(60), "20261207000000", List.of(services));
    }
}
