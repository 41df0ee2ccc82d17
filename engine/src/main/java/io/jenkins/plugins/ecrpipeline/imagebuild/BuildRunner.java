package io.jenkins.plugins.ecrpipeline.imagebuild;

import io.jenkins.plugins.ecrpipeline.PipelineException;
import io.jenkins.plugins.ecrpipeline.docker.DockerClient;
import io.jenkins.plugins.ecrpipeline.docker.PushFailureHint;
import io.jenkins.plugins.ecrpipeline.process.CommandResult;
import io.jenkins.plugins.ecrpipeline.process.CommandRunner;
import io.jenkins.plugins.ecrpipeline.process.Console;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Builds, and pushes, every target with at most {@code parallelism} at a time, printing a start and a finish line
 * per service. A failed build is never pushed, so the tag in the registry keeps its last good image; a failed
 * service does not stop the others.
 */
final class BuildRunner {
    private final CommandRunner runner;
    private final DockerClient docker;
    private final Console console;
    private final Clock clock;
    private final int parallelism;
    private final PushGate pushGate;
    private final PushRetries pushRetries;

    /**
     * How often a push that failed for a reason that may pass (a 5xx, a timeout, a reset connection) is tried, and how
     * long to wait before each new attempt (doubling).
     */
    record PushRetries(int attempts, Duration firstDelay) {
        static final PushRetries DEFAULT = new PushRetries(3, Duration.ofSeconds(2));

        Duration delayBefore(int attempt) {
            return firstDelay.multipliedBy(1L << Math.max(0, attempt - 2));
        }
    }

    /** Runs before each push: renews a registry login that is close to expiry. */
    @FunctionalInterface
    interface PushGate {
        void beforePush(BuildTarget target) throws InterruptedException;
    }

    BuildRunner(CommandRunner runner, DockerClient docker, Console console, Clock clock, int parallelism, PushGate pushGate,
            PushRetries pushRetries) {
        if (parallelism < 1) {
            throw new PipelineException("parallel must be at least 1, not " + parallelism);
        }
        this.runner = runner;
        this.docker = docker;
        this.console = console;
        this.clock = clock;
        this.parallelism = parallelism;
        this.pushGate = pushGate;
        this.pushRetries = pushRetries;
    }

    /**
     * Builds every target, at most {@code parallelism} at once; a target starts once every service it builds FROM has
     * succeeded, and is skipped (with the reason) when one of them failed. Results come in plan order.
     */
    BuildReport run(List<BuildTarget> targets, String buildDate, boolean push) throws InterruptedException {
        Instant started = clock.instant();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, Math.max(1, targets.size())));
        ExecutorCompletionService<ServiceResult> completions = new ExecutorCompletionService<>(pool);
        Map<String, ServiceResult> done = new HashMap<>();
        Set<String> running = new HashSet<>();
        try {
            while (done.size() < targets.size()) {
                for (BuildTarget target : targets) {
                    if (done.containsKey(target.service()) || running.contains(target.service())
                            || !done.keySet().containsAll(target.dependsOn())) {
                        continue;
                    }
                    List<String> failedBases = target.dependsOn().stream().filter(d -> done.get(d).outcome().failed()).toList();
                    if (failedBases.isEmpty()) {
                        running.add(target.service());
                        completions.submit(() -> buildOne(target, push));
                    } else {
                        done.put(target.service(), finish(new ServiceResult(target.service(), target.image().toString(),
                                ServiceResult.Outcome.SKIPPED, null, null, -1, Duration.ZERO, "not built: it builds FROM the image of "
                                        + String.join(", ", failedBases) + ", which failed")));
                    }
                }
                if (running.isEmpty()) {
                    continue;
                }
                ServiceResult result = await(completions.take());
                running.remove(result.service());
                done.put(result.service(), result);
            }
            return new BuildReport(started, clock.instant(), buildDate, targets.stream().map(t -> done.get(t.service())).toList());
        } finally {
            pool.shutdownNow();
        }
    }

    private static ServiceResult await(Future<ServiceResult> future) throws InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(cause);
        }
    }

    private ServiceResult buildOne(BuildTarget target, boolean push) throws InterruptedException {
        String service = target.service();
        String image = target.image().toString();
        Instant start = clock.instant();
        console.line("[" + service + "] build started: " + image);
        CommandResult build = runner.run(docker.build(target.dockerBuild()), line -> console.line("[" + service + "] " + line));
        if (!build.succeeded()) {
            return finish(new ServiceResult(service, image, ServiceResult.Outcome.BUILD_FAILED, null, null, -1,
                    since(start), "docker build exited with " + build.exitCode() + ": " + reason(build.tail())));
        }
        List<String> inspected = new ArrayList<>();
        runner.run(docker.inspect(image), inspected::add);
        String imageId = inspected.isEmpty() ? null : inspected.get(0).split(" ")[0];
        long size = inspected.isEmpty() ? -1 : parseSize(inspected.get(0));
        if (!push) {
            return finish(new ServiceResult(service, image, ServiceResult.Outcome.BUILT, null, imageId, size, since(start), null));
        }
        try {
            pushGate.beforePush(target);
        } catch (io.jenkins.plugins.ecrpipeline.PipelineException e) {
            return finish(new ServiceResult(service, image, ServiceResult.Outcome.PUSH_FAILED, null, imageId, size, since(start),
                    "registry login before the push failed: " + e.getMessage()));
        }
        console.line("[" + service + "] push started: " + image);
        List<String> pushOutput = new ArrayList<>();
        CommandResult pushed = null;
        for (int attempt = 1; attempt <= pushRetries.attempts(); attempt++) {
            pushOutput.clear();
            pushed = runner.run(docker.push(image), line -> {
                pushOutput.add(line);
                console.line("[" + service + "] " + line);
            });
            if (pushed.succeeded() || attempt == pushRetries.attempts() || !PushFailureHint.isTransient(pushed.tail())) {
                break;
            }
            Duration wait = pushRetries.delayBefore(attempt + 1);
            console.line("[" + service + "] push failed (attempt " + attempt + " of " + pushRetries.attempts() + "): " + reason(pushed.tail())
                    + "; the registry may recover, retrying in " + Durations.format(wait));
            Thread.sleep(wait.toMillis());
        }
        if (!pushed.succeeded()) {
            return finish(new ServiceResult(service, image, ServiceResult.Outcome.PUSH_FAILED, null, imageId, size,
                    since(start), "docker push exited with " + pushed.exitCode() + ": " + reason(pushed.tail())
                            + PushFailureHint.forOutput(pushed.tail(), target.image().registry(), target.image().repository())));
        }
        String digest = DockerClient.pushedDigest(pushOutput).orElse(null);
        return finish(new ServiceResult(service, image, ServiceResult.Outcome.PUSHED, digest, imageId, size, since(start), null));
    }

    private ServiceResult finish(ServiceResult result) {
        String line = "[" + result.service() + "] " + (result.outcome().failed() ? "FAILED" : "finished") + " in "
                + Durations.format(result.duration()) + ": " + result.outcome().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                + (result.digest() != null ? " " + result.digest() : "")
                + (result.failure() != null ? " - " + result.failure() : "");
        console.line(line);
        return result;
    }

    private Duration since(Instant start) {
        return Duration.between(start, clock.instant());
    }

    private static long parseSize(String inspectLine) {
        String[] parts = inspectLine.strip().split(" ");
        try {
            return parts.length == 2 ? Long.parseLong(parts[1]) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The last non-blank line docker printed, which is where both build and push put the error. */
    static String reason(List<String> tail) {
        for (int i = tail.size() - 1; i >= 0; i--) {
            String line = tail.get(i).strip();
            if (!line.isEmpty() && !line.equals("------")) {
                return line;
            }
        }
        return "(no output)";
    }
}
