package io.jenkins.plugins.ecrpipeline.cli;

import java.util.Map;
import picocli.CommandLine.Option;

/** The {@code --docker} option shared by the commands that run docker. */
final class DockerOption {
    @Option(names = "--docker", paramLabel = "PATH",
            description = "The docker client to run (default: $ECR_PIPELINE_DOCKER, else 'docker'). Builds need BuildKit.")
    String docker;

    String executable(Map<String, String> environment) {
        return docker != null ? docker : environment.getOrDefault("ECR_PIPELINE_DOCKER", "docker");
    }
}
