package io.jenkins.plugins.ecrpipeline.jenkins;

import io.jenkins.plugins.ecrpipeline.PipelineException;
import io.jenkins.plugins.ecrpipeline.RequestField;
import io.jenkins.plugins.ecrpipeline.aws.AwsSessionSettings;
import io.jenkins.plugins.ecrpipeline.deploy.DeployReport;
import io.jenkins.plugins.ecrpipeline.deploy.DeployRequest;
import io.jenkins.plugins.ecrpipeline.deploy.DeployResult;
import io.jenkins.plugins.ecrpipeline.deploy.DeployTarget;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How {@code ecrDeploy}'s parameters become the engine's {@link DeployRequest}, and the engine's {@link DeployReport}
 * the step's return value or failure: plain functions, so that they are tested without Jenkins.
 */
final class EcrDeployMapping {
    private EcrDeployMapping() {
    }

    static DeployRequest request(EcrDeployStep step, Map<String, String> environment) {
        if (step.getCommand().isBlank()) {
            throw PipelineException.forField(RequestField.DEPLOY_COMMAND, Messages.EcrDeployStep_NoCommand());
        }
        List<DeployTarget> targets = new ArrayList<>();
        for (String image : step.getImages()) {
            targets.add(DeployTarget.parse(null, image));
        }
        AwsSessionSettings credentials = !step.isAwsCredentials() ? null
                : StepAwsSessions.session(step.getRegion(), StepAwsSessions.role(step.getRole(), environment), environment);
        return new DeployRequest(List.of("sh", "-c", step.getCommand()), targets, credentials);
    }

    /** Plain maps: service, image (pinned to its digest), result. */
    static List<Map<String, Object>> toPipeline(DeployReport report) {
        List<Map<String, Object>> deployed = new ArrayList<>();
        for (DeployResult r : report.services()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("service", r.target().service());
            entry.put("image", r.target().image() + ":" + r.target().tag() + "@" + r.target().digest());
            entry.put("result", r.outcome().name());
            deployed.add(entry);
        }
        return deployed;
    }

    /** Why the step fails: the first failed service's command output; empty when every service was deployed. */
    static Optional<String> failure(DeployReport report) {
        return report.succeeded() ? Optional.empty() : Optional.of(Messages.Util_StepFailed("ecrDeploy", report.services().stream()
                .filter(r -> r.outcome() == DeployResult.Outcome.FAILED).findFirst().orElseThrow().failure()));
    }
}
