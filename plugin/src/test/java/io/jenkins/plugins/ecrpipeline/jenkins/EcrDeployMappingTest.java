package io.jenkins.plugins.ecrpipeline.jenkins;

import static io.jenkins.plugins.ecrpipeline.jenkins.StepEnvironments.ROLE;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;

import io.jenkins.plugins.ecrpipeline.PipelineException;
import io.jenkins.plugins.ecrpipeline.deploy.DeployReport;
import io.jenkins.plugins.ecrpipeline.deploy.DeployRequest;
import io.jenkins.plugins.ecrpipeline.deploy.DeployResult;
import io.jenkins.plugins.ecrpipeline.deploy.DeployTarget;
import io.jenkins.plugins.ecrpipeline.process.Redaction;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.Test;

/** ecrDeploy's pure parts: its parameters as the engine's request, the report as the script's value or failure. */
public class EcrDeployMappingTest {
    private static final String IMAGE = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/web";
    private static final String DIGEST = "sha256:" + "ab".repeat(32);

    @Test
    public void theCommandRunsWithShOncePerImageWithTheRolesCredentials() {
        EcrDeployStep step = new EcrDeployStep("./deploy.sh \"$IMAGE@$IMAGE_DIGEST\"");
        step.setImages(List.of(IMAGE + ":production@" + DIGEST));
        step.setRegion("eu-west-1");
        step.setRole(ROLE);
        DeployRequest request = EcrDeployMapping.request(step, StepEnvironments.build());
        assertEquals(List.of("sh", "-c", "./deploy.sh \"$IMAGE@$IMAGE_DIGEST\""), request.command());
        assertEquals(List.of(DeployTarget.parse(null, IMAGE + ":production@" + DIGEST)), request.targets());
        assertEquals(StepAwsSessions.session("eu-west-1", StepAwsSessions.role(ROLE, StepEnvironments.build()), StepEnvironments.build()),
                request.credentials());
        step.setAwsCredentials(false);
        assertNull(EcrDeployMapping.request(step, StepEnvironments.build()).credentials());
    }

    @Test
    public void noCommandIsRefusedWithAnExample() {
        PipelineException e = assertThrows(PipelineException.class, () -> EcrDeployMapping.request(new EcrDeployStep("  "), StepEnvironments.build()));
        assertEquals("deploy command", e.field().orElseThrow());
        assertEquals("ecrDeploy: name the deploy command, e.g. ./deploy.sh", Util.abort("ecrDeploy", e, Redaction.NONE).getMessage());
    }

    @Test
    public void theScriptGetsOneMapPerServiceAndTheFirstFailureFailsTheStep() {
        DeployTarget web = DeployTarget.parse(null, IMAGE + ":production@" + DIGEST);
        DeployReport deployed = new DeployReport(List.of(new DeployResult(web, 0, DeployResult.Outcome.DEPLOYED, null)));
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("service", "web");
        entry.put("image", IMAGE + ":production@" + DIGEST);
        entry.put("result", "DEPLOYED");
        assertEquals(List.of(entry), EcrDeployMapping.toPipeline(deployed));
        assertEquals(Optional.empty(), EcrDeployMapping.failure(deployed));

        DeployReport failed = new DeployReport(List.of(new DeployResult(web, 0, DeployResult.Outcome.DEPLOYED, null),
                new DeployResult(web, 3, DeployResult.Outcome.FAILED, "[web] exit 3: no cluster"),
                new DeployResult(web, 4, DeployResult.Outcome.FAILED, "[web] exit 4")));
        assertEquals(Optional.of("ecrDeploy: [web] exit 3: no cluster"), EcrDeployMapping.failure(failed));
    }
}
