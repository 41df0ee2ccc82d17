package io.jenkins.plugins.ecrpipeline.build;

import io.jenkins.plugins.ecrpipeline.PipelineException;
import io.jenkins.plugins.ecrpipeline.process.CommandResult;
import io.jenkins.plugins.ecrpipeline.process.CommandRunner;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks, before a long build starts, that the docker client can build with BuildKit: clients before 23.0
 * have it built in; from 23.0 on it needs the buildx plugin.
 */
public final class DockerPreflight {
    private final CommandRunner runner;
    private final DockerCommands docker;

    public DockerPreflight(CommandRunner runner, DockerCommands docker) {
        this.runner = runner;
        this.docker = docker;
    }

    /** @return the client version */
    public String requireBuildKit() throws InterruptedException {
        List<String> out = new ArrayList<>();
        CommandResult version = runner.run(docker.clientVersion(), out::add);
        if (!version.succeeded() || out.isEmpty()) {
            throw new PipelineException("'" + docker.executable() + " version' failed: " + String.join(" ", version.tail())
                    + ". Check that Docker is installed and the daemon is running (DOCKER_HOST).");
        }
        String clientVersion = out.get(out.size() - 1).strip();
        if (majorVersion(clientVersion) >= 23 && !runner.run(docker.buildxVersion(), line -> { }).succeeded()) {
            throw new PipelineException("the docker client " + docker.executable() + " (" + clientVersion
                    + ") has no buildx plugin, so it cannot build with BuildKit. Install the buildx plugin "
                    + "(Debian: docker-buildx), or use a client with BuildKit built in with --docker "
                    + "(Debian's docker.io: /usr/bin/docker).");
        }
        return clientVersion;
    }

    private static int majorVersion(String version) {
        try {
            return Integer.parseInt(version.split("\\.")[0].replaceAll("[^0-9]", ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
