package io.jenkins.plugins.ecrpipeline.deploy;

import io.jenkins.plugins.ecrpipeline.PipelineException;
import io.jenkins.plugins.ecrpipeline.RequestField;
import io.jenkins.plugins.ecrpipeline.aws.AwsSessionSettings;
import java.io.Serializable;
import java.util.List;

/**
 * The team's own deploy command, run once per service with that service's image.
 *
 * @param command the executable and its arguments (no shell unless the command is one)
 * @param targets the services to deploy, in order; the first failure stops the rest
 * @param credentials the AWS session whose credentials the command gets as {@code AWS_*} variables (this JVM's: in
 *     Jenkins, the agent's), or null to add none
 */
public record DeployRequest(List<String> command, List<DeployTarget> targets, AwsSessionSettings credentials) implements Serializable {
    private static final long serialVersionUID = 1L;

    public DeployRequest {
        command = List.copyOf(command);
        targets = List.copyOf(targets);
        if (command.isEmpty() || command.get(0).isBlank()) {
            throw PipelineException.forField(RequestField.DEPLOY_COMMAND, "name the deploy command, e.g. ./deploy.sh or kubectl ...");
        }
        if (targets.isEmpty()) {
            throw PipelineException.forField(RequestField.IMAGES, "nothing to deploy: give a promotion report or images with their digests");
        }
    }
}
