package io.jenkins.plugins.ecrpipeline.cli;

import picocli.CommandLine.Option;

/** The {@code --docker} option shared by the commands that run docker. */
final class DockerOption {
    @Option(names = "--docker", paramLabel = "PATH",
            description = "The docker client to run (default: $ECR_PIPELINE_DOCKER, else 'docker'). Builds need BuildKit.")
    String docker;
}
