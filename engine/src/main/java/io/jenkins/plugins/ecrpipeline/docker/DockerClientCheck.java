package io.jenkins.plugins.ecrpipeline.docker;

import io.jenkins.plugins.ecrpipeline.Futures;
import io.jenkins.plugins.ecrpipeline.process.CommandRunner;
import io.jenkins.plugins.ecrpipeline.process.Console;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * {@link DockerClients#chooseForBuilds} started ahead on a thread of its own, its answer taken when the builds are about
 * to start. The check mostly waits (on the JVM's first process start, on docker asking its daemon), so a run starts it
 * before it reads the compose file and the two overlap. What the check prints is held until the answer is taken, so the
 * log reads as if the check had run there, and a problem with docker is reported at the same point as before.
 */
public final class DockerClientCheck implements AutoCloseable {
    private final ExecutorService thread = Futures.daemonThreads(1, "docker client check");
    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    private final Future<DockerClient> chosen;

    private DockerClientCheck(DockerClient requested, boolean named, CommandRunner runner) {
        chosen = thread.submit(() -> DockerClients.chooseForBuilds(requested, named, runner, lines::add));
    }

    /** Starts checking the client named by {@code executable} (or {@code $ECR_PIPELINE_DOCKER}, or the first that builds). */
    public static DockerClientCheck start(String executable, Map<String, String> environment, CommandRunner runner) {
        return new DockerClientCheck(DockerClient.named(executable, environment), DockerClient.isNamed(executable, environment), runner);
    }

    /**
     * {@code client} (its config directory and network kept) with the executable and version the check chose, after the
     * check's lines went to {@code console}; fails as the check failed. The check ran with the user's config directory;
     * a private one of an ECR login finds the same plugins (buildx), since {@link DockerConfigDir} keeps the user's
     * plugin directory among its own.
     */
    public DockerClient appliedTo(DockerClient client, Console console) throws InterruptedException {
        DockerClient answer = Futures.result(chosen);
        lines.forEach(console::line);
        return client.withExecutable(answer.executable()).withVersion(answer.version());
    }

    /**
     * Stops a check whose answer is no longer wanted (the plan failed), and waits a little for it: its docker processes
     * are stopped as their threads are interrupted, before the JVM may exit.
     */
    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
