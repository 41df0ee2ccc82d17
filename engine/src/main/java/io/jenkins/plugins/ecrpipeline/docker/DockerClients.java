package io.jenkins.plugins.ecrpipeline.docker;

import io.jenkins.plugins.ecrpipeline.PipelineException;
import io.jenkins.plugins.ecrpipeline.process.CommandResult;
import io.jenkins.plugins.ecrpipeline.process.CommandRunner;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds out, before a long build starts, what a docker client is and whether it can build with BuildKit: clients
 * before 23.0 have it built in; from 23.0 on it needs the buildx plugin.
 */
public final class DockerClients {
    private DockerClients() {
    }

    /** The client with its version; fails with what to do when it cannot run or cannot build with BuildKit. */
    public static DockerClient detect(DockerClient client, CommandRunner runner) throws InterruptedException {
        List<String> out = new ArrayList<>();
        CommandResult version = runner.run(client.clientVersion(), out::add);
        if (!version.succeeded() || out.isEmpty()) {
            throw new PipelineException("'" + client.executable() + " version' failed: " + String.join(" ", version.tail())
                    + ". Check that Docker is installed and the daemon is running (DOCKER_HOST), or name another docker client.");
        }
        String clientVersion = out.get(out.size() - 1).strip();
        if (majorVersion(clientVersion) >= 23 && !runner.run(client.buildxVersion(), line -> { }).succeeded()) {
            throw new PipelineException("the docker client " + client.executable() + " (" + clientVersion
                    + ") has no buildx plugin, so it cannot build with BuildKit. Install the buildx plugin "
                    + "(Debian: docker-buildx), or name a client with BuildKit built in as the docker client "
                    + "(Debian's docker.io: /usr/bin/docker).");
        }
        return client.withVersion(clientVersion);
    }

    private static int majorVersion(String version) {
        try {
            return Integer.parseInt(version.split("\\.")[0].replaceAll("[^0-9]", ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
