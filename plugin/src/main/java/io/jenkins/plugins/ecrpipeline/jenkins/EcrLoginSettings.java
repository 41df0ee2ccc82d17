package io.jenkins.plugins.ecrpipeline.jenkins;

import hudson.EnvVars;
import io.jenkins.plugins.ecrpipeline.aws.AssumeRoleSettings;
import io.jenkins.plugins.ecrpipeline.ecr.EcrAuthorizationRequest;
import java.io.Serializable;
import java.util.List;

/**
 * What {@code ecrLogin} and {@code withEcr} log in to: the agent's own account's registry, and a role's account's
 * when {@code role} is given, in each region (none: the agent's region).
 * A plain class, not a record: it is saved with the Pipeline's program state.
 */
final class EcrLoginSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Regions, comma- or space-separated. */
    private final String regions;
    /** A role ARN to assume as well, or empty. */
    private final String role;
    /** The docker client, or empty for {@code $ECR_PIPELINE_DOCKER}, else {@code docker}. */
    private final String docker;
    /** Other accounts whose registries the agent's own password opens, comma- or space-separated. */
    private final String registryIds;
    /** The id of AWS credentials to log in with instead of the agent's own; empty for the agent's. */
    private final String credentialsId;

    EcrLoginSettings(String regions, String role, String docker, String registryIds, String credentialsId) {
        this.regions = regions;
        this.role = role;
        this.docker = docker;
        this.registryIds = registryIds;
        this.credentialsId = credentialsId;
    }

    String credentialsId() {
        return credentialsId;
    }

    /**
     * Logs docker in to the registries of these settings, in {@code config} on the agent, with passwords authorized
     * in the agent JVM with {@code credentials} (the config directory is closed if the login fails).
     */
    io.jenkins.plugins.ecrpipeline.ecr.EcrDockerLogin login(hudson.FilePath workspace, EnvVars environment, StepAwsCredentials credentials,
            io.jenkins.plugins.ecrpipeline.process.Host host, io.jenkins.plugins.ecrpipeline.docker.DockerConfigDir config)
            throws InterruptedException {
        EcrAuthorizationRequest request = request(environment);
        return io.jenkins.plugins.ecrpipeline.ecr.EcrDockerLogin.open(
                () -> AgentCalls.call(workspace.getChannel(), new AgentCalls.Authorize(request, credentials.over(environment))),
                io.jenkins.plugins.ecrpipeline.docker.DockerClient.named(docker, environment), config, host);
    }

    EcrAuthorizationRequest request(EnvVars environment) {
        AssumeRoleSettings assumed = StepAwsSessions.role(role, environment);
        // No region of its own: each region to log in to is named, and none means the agent's.
        return new EcrAuthorizationRequest(StepAwsSessions.session(null, null, environment), true,
                assumed == null ? List.of() : List.of(assumed), Util.splitNames(regions), Util.splitNames(registryIds));
    }
}
