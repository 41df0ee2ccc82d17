package io.jenkins.plugins.ecrpipeline.imagebuild;

import io.jenkins.plugins.ecrpipeline.PipelineException;
import io.jenkins.plugins.ecrpipeline.docker.DockerBuild;
import io.jenkins.plugins.ecrpipeline.docker.DockerClient;
import io.jenkins.plugins.ecrpipeline.docker.PushFailureHint;
import io.jenkins.plugins.ecrpipeline.imagebuild.BuildTarget.BuildOptions;
import io.jenkins.plugins.ecrpipeline.imagebuild.ServiceResult.Outcome;
import io.jenkins.plugins.ecrpipeline.process.CommandResult;
import io.jenkins.plugins.ecrpipeline.process.CommandRunner;
import io.jenkins.plugins.ecrpipeline.process.Console;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Builds, smoke-tests and pushes every target with at most {@code parallelism} at a time, printing a start and a finish
 * line per service. Nothing that failed, timed out or was cancelled is pushed, so the tags in the registry keep their
 * last good image; a failed service does not stop the others unless the run fails fast.
 */
final class BuildRunner {
    private final CommandRunner runner;
    private final DockerClient docker;
    private final Console console;
    private final Clock clock;
    private final Settings settings;
    private final PushGate pushGate;
    /**
     * One cache-metadata pass at a time: dockerd 20.10's BuildKit dies ("fatal error: concurrent map writes" in its
     * remote-cache chains) when several builds export inline cache at once; seen here with 12 services.
     */
    private final java.util.concurrent.locks.ReentrantLock cacheExport = new java.util.concurrent.locks.ReentrantLock();

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

    /**
     * The run's choices.
     *
     * @param parallelism at least 1: the request refuses a negative one and the planner resolves 0
     * @param serviceTimeout how long one service may take, or null for no limit
     */
    record Settings(int parallelism, boolean push, PushRetries pushRetries, Duration serviceTimeout, boolean failFast,
            BuildOptions buildOptions, String smokeTestNetwork) {

        static Settings of(BuildPlan plan) {
            RunSettings s = plan.settings();
            return new Settings(plan.parallelism(), s.push(), new PushRetries(s.pushAttempts(), PushRetries.DEFAULT.firstDelay()),
                    s.serviceTimeout(), s.failFast(), s.buildOptions(), s.smokeTestNetwork());
        }
    }

    /** Runs before each push: renews a registry login that is close to expiry. */
    @FunctionalInterface
    interface PushGate {
        void beforePush(BuildTarget target) throws InterruptedException;
    }

    BuildRunner(CommandRunner runner, DockerClient docker, Console console, Clock clock, Settings settings, PushGate pushGate) {
        this.runner = runner;
        this.docker = docker;
        this.console = console;
        this.clock = clock;
        this.settings = settings;
        this.pushGate = pushGate;
    }

    /**
     * Builds every target, at most {@code parallelism} at once; a target starts once every service it builds FROM has
     * succeeded, and is skipped (with the reason) when one of them failed. Results come in plan order. An interrupt
     * stops every running service (their docker processes end) before it is passed on.
     */
    BuildReport run(List<BuildTarget> targets, String buildDate) throws InterruptedException {
        Instant started = clock.instant();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(settings.parallelism(), Math.max(1, targets.size())));
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor();
        ExecutorCompletionService<ServiceResult> completions = new ExecutorCompletionService<>(pool);
        Map<String, ServiceResult> done = new HashMap<>();
        Map<String, Attempt> running = new ConcurrentHashMap<>();
        String stoppedBy = null;
        try {
            while (done.size() < targets.size()) {
                for (BuildTarget target : targets) {
                    // Submitted only into a free slot, never queued in the pool: a fail-fast stop then reaches every
                    // service that has not started before a freed thread could start it.
                    if (running.size() >= settings.parallelism()) {
                        break;
                    }
                    if (done.containsKey(target.service()) || running.containsKey(target.service())
                            || !done.keySet().containsAll(target.dependsOn())) {
                        continue;
                    }
                    List<String> failedBases = target.dependsOn().stream().filter(d -> done.get(d).outcome().failed()).toList();
                    if (stoppedBy != null) {
                        done.put(target.service(), finish(skipped(target, "not started: the run stops (fail-fast) because " + stoppedBy
                                + " failed")));
                    } else if (failedBases.isEmpty()) {
                        Attempt attempt = new Attempt(target);
                        running.put(target.service(), attempt);
                        completions.submit(() -> attempt.run(watchdog));
                    } else {
                        done.put(target.service(), finish(skipped(target, "not built: it builds FROM the image of "
                                + String.join(", ", failedBases) + ", which failed")));
                    }
                }
                if (running.isEmpty()) {
                    continue;
                }
                ServiceResult result = await(completions.take());
                running.remove(result.service());
                done.put(result.service(), result);
                if (settings.failFast() && result.outcome().failed() && stoppedBy == null) {
                    stoppedBy = result.service();
                    String cause = stoppedBy;
                    running.values().forEach(a -> a.cancel(cause));
                }
            }
            List<ServiceResult> results = ImageSizes.of(targets.stream().map(t -> done.get(t.service())).toList(), runner, docker);
            return new BuildReport(started, clock.instant(), buildDate, results);
        } catch (InterruptedException stopped) {
            // A stop (Ctrl-C, Jenkins' stop button or timeout) says what it interrupted, once, and nothing more.
            List<String> pushed = done.values().stream().filter(r -> !r.outcome().failed()).map(ServiceResult::service).sorted().toList();
            List<String> interrupted = running.keySet().stream().sorted().toList();
            console.line("Stopped" + (interrupted.isEmpty() ? "" : " while building " + String.join(", ", interrupted)
                    + (interrupted.size() == 1 ? "; its tags were" : "; their tags were") + " not moved")
                    + (pushed.isEmpty() ? "" : " (pushed before the stop: " + String.join(", ", pushed) + ")") + ".");
            throw stopped;
        } finally {
            watchdog.shutdownNow();
            pool.shutdownNow();
            // On an interrupt, wait for the workers to end their docker processes, so none outlives the run.
            if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
                console.line("warning: some docker processes did not end within 30 s of the stop");
            }
        }
    }

    private static ServiceResult skipped(BuildTarget target, String why) {
        return new ServiceResult(target.service(), target.image().toString(), Outcome.SKIPPED, null, null, -1, Duration.ZERO, why);
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

    /**
     * One service's run on a worker thread. A timeout or a fail-fast stop interrupts that thread; the command runner
     * then ends the docker process, and the service ends as timed out or cancelled instead of the run failing.
     */
    private final class Attempt {
        private final BuildTarget target;
        private volatile Thread worker;
        private volatile String stopReason;
        private volatile Outcome stopOutcome;
        private volatile String stage = "build";
        private final Instant start = clock.instant();
        private final PhaseLog phases = new PhaseLog(clock);

        Attempt(BuildTarget target) {
            this.target = target;
        }

        ServiceResult run(ScheduledExecutorService watchdog) throws InterruptedException {
            synchronized (this) {
                if (stopOutcome != null) {
                    // Stopped while it waited for a free slot: it never started.
                    return finish(skipped(target, "not started: " + stopReason));
                }
                worker = Thread.currentThread();
            }
            ScheduledFuture<?> alarm = settings.serviceTimeout() == null ? null
                    : watchdog.schedule(() -> stop(Outcome.TIMED_OUT, "timed out after " + Durations.format(settings.serviceTimeout())),
                            settings.serviceTimeout().toMillis(), TimeUnit.MILLISECONDS);
            try {
                return buildOne(this);
            } catch (InterruptedException e) {
                if (stopOutcome == null) {
                    throw e;
                }
                return finish(new ServiceResult(target.service(), target.image().toString(), stopOutcome, null, null, -1, since(start),
                        stopReason + " (during the " + stage + "); its tags were not moved").withPhases(phases.phases()));
            } finally {
                if (alarm != null) {
                    alarm.cancel(false);
                }
                if (stopOutcome != null) {
                    // A stop that came just as the service ended must not reach the next service on this thread.
                    Thread.interrupted();
                }
            }
        }

        void cancel(String failedService) {
            stop(Outcome.CANCELLED, "cancelled because " + failedService + " failed (fail-fast)");
        }

        private synchronized void stop(Outcome outcome, String reason) {
            if (stopOutcome == null) {
                stopReason = reason;
                stopOutcome = outcome;
                if (worker != null) {
                    worker.interrupt();
                }
            }
        }
    }

    private ServiceResult buildOne(Attempt attempt) throws InterruptedException {
        BuildTarget target = attempt.target;
        String service = target.service();
        String image = target.image().toString();
        Instant start = attempt.start;
        PhaseLog phases = attempt.phases;
        console.line("[" + service + "] build started: " + image);
        DockerBuild build = target.dockerBuild(settings.buildOptions());
        BuildKitProgress progress = new BuildKitProgress();
        CommandResult built = phases.time(Phase.BUILD, null, () -> runner.run(docker.build(build), line -> {
            progress.accept(line);
            console.line("[" + service + "] " + line);
        }));
        if (!built.succeeded()) {
            return ended(phases, failure(target, Outcome.BUILD_FAILED, start, "docker build exited with " + built.exitCode() + ": " + reason(built.tail())));
        }
        boolean refreshCache = false;
        BuildKitProgress builtBy = progress;
        if (settings.buildOptions().registryCache()) {
            CacheFreshness cache = CacheFreshness.judge(progress, target.cacheImage(), target.dateTail());
            if (cache.refresh()) {
                console.line("[" + service + "] build cache: refreshing " + target.cacheImage() + " (" + cache.reason() + ")");
                attempt.stage = "cache metadata pass";
                // The wait for the lock is part of the phase: under many refreshing services it is most of it.
                BuildKitProgress cachePass = new BuildKitProgress();
                builtBy = cachePass;
                CommandResult again = phases.time(Phase.CACHE_PASS, null, () -> {
                    cacheExport.lockInterruptibly();
                    try {
                        return runner.run(docker.build(target.cacheMetadataBuild(settings.buildOptions())), cachePass);
                    } finally {
                        cacheExport.unlock();
                    }
                });
                if (!again.succeeded()) {
                    return ended(phases, failure(target, Outcome.BUILD_FAILED, start, "docker build (second pass from the local cache) exited with "
                            + again.exitCode() + ": " + reason(again.tail())));
                }
                refreshCache = true;
            } else {
                console.line("[" + service + "] build cache: " + cache.reason() + "; " + target.cacheImage() + " stays as it is");
            }
        }
        // BuildKit's own output names the image it wrote (--iidfile would hide the daemon's error when a build fails);
        // the size is asked for every image at once after the last service (ImageSizes), off this path.
        String imageId = builtBy.imageId();
        long size = -1;
        if (target.smokeTest() != null) {
            attempt.stage = "smoke test";
            console.line("[" + service + "] smoke test: " + target.smokeTest());
            CommandResult tested = phases.time(Phase.SMOKE_TEST, image, () -> runner.run(docker.smokeTest(image, target.smokeTest(),
                    settings.smokeTestNetwork()), line -> console.line("[" + service + "] smoke| " + line)));
            if (!tested.succeeded()) {
                return ended(phases, new ServiceResult(service, image, Outcome.SMOKE_TEST_FAILED, null, imageId, size, since(start),
                        "smoke test '" + target.smokeTest() + "' exited with " + tested.exitCode() + ": " + lastLines(tested.tail(), 5)
                                + "; not pushed"));
            }
        }
        if (!settings.push()) {
            return ended(phases, new ServiceResult(service, image, Outcome.BUILT, null, imageId, size, since(start), null));
        }
        attempt.stage = "push";
        try {
            phases.time(Phase.LOGIN_CHECK, null, () -> {
                pushGate.beforePush(target);
                return null;
            });
        } catch (PipelineException e) {
            return ended(phases, new ServiceResult(service, image, Outcome.PUSH_FAILED, null, imageId, size, since(start),
                    "registry login before the push failed: " + e.getMessage()));
        }
        String digest = null;
        List<String> pushedNames = new ArrayList<>();
        List<String> names = new ArrayList<>(target.pushOrder());
        if (refreshCache) {
            // Last: a cache push that fails leaves the image's own tags pushed and the old cache in place.
            names.add(target.cacheImage());
        }
        for (String name : names) {
            // Every name was given in the build itself (BuildTarget.dockerBuild), so no docker tag comes first.
            console.line("[" + service + "] push started: " + name);
            List<String> pushOutput = new ArrayList<>();
            CommandResult pushed = phases.time(Phase.PUSH, name, () -> pushWithRetries(service, name, pushOutput));
            if (!pushed.succeeded()) {
                return ended(phases, new ServiceResult(service, image, Outcome.PUSH_FAILED, null, imageId, size, since(start),
                        "docker push " + name + " exited with " + pushed.exitCode() + ": " + reason(pushed.tail())
                                + PushFailureHint.forOutput(pushed.tail(), target.image().registry(), target.image().repository())
                                + (pushedNames.isEmpty() ? "" : " (already pushed: " + String.join(", ", pushedNames) + ")"),
                        pushedNames));
            }
            digest = DockerClient.pushedDigest(pushOutput).orElse(digest);
            if (!name.equals(target.cacheImage())) {
                pushedNames.add(name);
            }
        }
        return ended(phases, new ServiceResult(service, image, Outcome.PUSHED, digest, imageId, size, since(start), null, pushedNames));
    }

    private CommandResult pushWithRetries(String service, String name, List<String> pushOutput) throws InterruptedException {
        PushRetries retries = settings.pushRetries();
        CommandResult pushed = null;
        for (int attempt = 1; attempt <= retries.attempts(); attempt++) {
            pushOutput.clear();
            pushed = runner.run(docker.push(name), line -> {
                pushOutput.add(line);
                console.line("[" + service + "] " + line);
            });
            if (pushed.succeeded() || attempt == retries.attempts() || !PushFailureHint.isTransient(pushed.tail())) {
                break;
            }
            Duration wait = retries.delayBefore(attempt + 1);
            console.line("[" + service + "] push failed (attempt " + attempt + " of " + retries.attempts() + "): " + reason(pushed.tail())
                    + "; the registry may recover, retrying in " + Durations.format(wait));
            Thread.sleep(wait.toMillis());
        }
        return pushed;
    }

    private ServiceResult failure(BuildTarget target, Outcome outcome, Instant start, String why) {
        return new ServiceResult(target.service(), target.image().toString(), outcome, null, null, -1, since(start), why);
    }

    private ServiceResult ended(PhaseLog phases, ServiceResult result) {
        return finish(result.withPhases(phases.phases()));
    }

    private ServiceResult finish(ServiceResult result) {
        String line = "[" + result.service() + "] " + (result.outcome().failed() ? "FAILED" : "finished") + " in "
                + Durations.format(result.duration()) + ": " + result.outcome().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                + (result.digest() != null ? " " + result.digest() : "")
                + (result.failure() != null ? " - " + result.failure() : "");
        console.line(line);
        return result;
    }

    private Duration since(Instant start) {
        return Duration.between(start, clock.instant());
    }

    /** A test's own words: its last lines (stdout and stderr interleave, so the error is not always last). */
    static String lastLines(List<String> tail, int count) {
        List<String> shown = tail.stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
        return shown.isEmpty() ? "(no output)" : String.join(" | ", shown.subList(Math.max(0, shown.size() - count), shown.size()));
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
