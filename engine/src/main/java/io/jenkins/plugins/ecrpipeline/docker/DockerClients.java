package io.jenkins.plugins.ecrpipeline.docker;

import io.jenkins.plugins.ecrpipeline.PipelineException;
import io.jenkins.plugins.ecrpipeline.process.CommandResult;
import io.jenkins.plugins.ecrpipeline.process.CommandRunner;
import io.jenkins.plugins.ecrpipeline.process.Console;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds out, before a long build starts, what a docker client is and whether it can build with BuildKit: clients
 * before 23.0 have it built in; from 23.0 on it needs the buildx plugin. When nobody named a client, it picks the
 * first that can (machines often have a new client without buildx first on the PATH and the distribution's older
 * one with BuildKit built in).
 */
public final class DockerClients {
    /** Where distributions and Docker's own packages install the client, after {@code docker} on the PATH. */
    static final List<String> WELL_KNOWN = List.of("docker", "/usr/bin/docker", "/usr/local/bin/docker");

    private DockerClients() {
    }

    /**
     * The client for builds: the named one (it must work), else the first of {@link #WELL_KNOWN} that builds with
     * BuildKit; the choice, and why others were passed over, go to {@code console}.
     */
    public static DockerClient chooseForBuilds(DockerClient requested, boolean named, CommandRunner runner, Console console)
            throws InterruptedException {
        if (named) {
            return detect(requested, runner);
        }
        List<String> passedOver = new ArrayList<>();
        // One candidate at a time, in the order of WELL_KNOWN, until one builds. The check runs while the compose file is
        // read (DockerClientCheck), so its answer is seldom awaited; what the builds do wait for is the CPU, and every
        // candidate asked is a docker process or two at the moment the run starts (the first on the PATH is usually
        // /usr/bin/docker as well, asked twice when all are asked at once).
        for (String executable : WELL_KNOWN) {
            try {
                DockerClient client = detect(requested.withExecutable(executable), runner);
                console.line("docker client: " + executable + " " + client.version() + " (BuildKit"
                        + (client.usesBuildx() ? " through buildx" : " built in") + ")"
                        + (passedOver.isEmpty() ? "" : "; passed over: " + String.join("; ", passedOver)));
                return client;
            } catch (PipelineException e) {
                passedOver.add(executable + ": " + e.getMessage());
            }
        }
        throw new PipelineException("no docker client that builds with BuildKit was found:\n  - " + String.join("\n  - ", passedOver)
                + "\nInstall the buildx plugin (Debian: docker-buildx), or name a client with BuildKit built in as the docker client.");
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
        if (client.withVersion(clientVersion).usesBuildx() && !runner.run(client.buildxVersion(), line -> { }).succeeded()) {
            throw new PipelineException("the docker client " + client.executable() + " (" + clientVersion
                    + ") has no buildx plugin, so it cannot build with BuildKit. Install the buildx plugin "
                    + "(Debian: docker-buildx), or name a client with BuildKit built in as the docker client "
                    + "(Debian's docker.io: /usr/bin/docker).");
        }
        return client.withVersion(clientVersion);
    }
}
