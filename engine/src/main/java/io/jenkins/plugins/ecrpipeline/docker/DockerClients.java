package io.jenkins.plugins.ecrpipeline.docker;

import io.jenkins.plugins.ecrpipeline.Futures;
import io.jenkins.plugins.ecrpipeline.PipelineException;
import io.jenkins.plugins.ecrpipeline.process.CommandResult;
import io.jenkins.plugins.ecrpipeline.process.CommandRunner;
import io.jenkins.plugins.ecrpipeline.process.Console;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

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
        // Every candidate is asked at once (each answer is a process or two that mostly waits), then the first that can
        // build wins, in the order of WELL_KNOWN: a machine whose first docker cannot build waits for one answer, not three.
        ExecutorService asking = Futures.daemonThreads(WELL_KNOWN.size(), "docker client check");
        try {
            List<Future<DockerClient>> answers = new ArrayList<>();
            for (String executable : WELL_KNOWN) {
                answers.add(asking.submit(() -> detect(requested.withExecutable(executable), runner)));
            }
            for (int i = 0; i < WELL_KNOWN.size(); i++) {
                String executable = WELL_KNOWN.get(i);
                try {
                    DockerClient client = Futures.result(answers.get(i));
                    console.line("docker client: " + executable + " " + client.version() + " (BuildKit"
                            + (client.usesBuildx() ? " through buildx" : " built in") + ")"
                            + (passedOver.isEmpty() ? "" : "; passed over: " + String.join("; ", passedOver)));
                    return client;
                } catch (PipelineException e) {
                    passedOver.add(executable + ": " + e.getMessage());
                }
            }
        } finally {
            asking.shutdownNow();
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
