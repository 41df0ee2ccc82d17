package io.jenkins.plugins.ecrpipeline.intermediatebuild;

import io.jenkins.plugins.ecrpipeline.intermediatebuild.ServiceResult.Outcome;
import io.jenkins.plugins.ecrpipeline.process.Console;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
 * Decides when each service runs its {@link ServicePipeline}: at most {@code parallelism} at a time, a service only
 * after every service it builds FROM has succeeded, each within the service timeout, and none more after a failure
 * when the run fails fast. It prints the line each service ends with. A failed service does not stop the others
 * unless the run fails fast.
 */
final class BuildScheduler {
    private final int parallelism;
    private final boolean failFast;
    private final Duration serviceTimeout;
    private final ServicePipeline pipeline;
    private final Console console;
    private final Clock clock;

    /**
     * A scheduler for one run.
     *
     * @param parallelism at least 1: the request refuses a negative value and the planner resolves 0
     * @param serviceTimeout how long one service may take, or null for no limit
     */
    BuildScheduler(int parallelism, boolean failFast, Duration serviceTimeout, ServicePipeline pipeline, Console console, Clock clock) {
        this.parallelism = parallelism;
        this.failFast = failFast;
        this.serviceTimeout = serviceTimeout;
        this.pipeline = pipeline;
        this.console = console;
        this.clock = clock;
    }

    /**
     * Runs every target; one that builds FROM a service that failed is skipped with the reason. Results come in plan
     * order. An interrupt stops every running service (their docker processes end) before it is passed on.
     */
    BuildReport run(List<BuildTarget> targets, String buildDate) throws InterruptedException {
        Instant started = clock.instant();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, Math.max(1, targets.size())));
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
                    if (running.size() >= parallelism) {
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
                if (failFast && result.outcome().failed() && stoppedBy == null) {
                    stoppedBy = result.service();
                    String cause = stoppedBy;
                    running.values().forEach(a -> a.cancel(cause));
                }
            }
            List<ServiceResult> results = pipeline.withImageSizes(targets.stream().map(t -> done.get(t.service())).toList());
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

    /** The line every service ends with, whatever happened to it. */
    private ServiceResult finish(ServiceResult result) {
        console.line("[" + result.service() + "] " + (result.outcome().failed() ? "FAILED" : "finished") + " in "
                + Durations.format(result.duration()) + ": " + result.outcome().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                + (result.digest() != null ? " " + result.digest() : "")
                + (result.failure() != null ? " - " + result.failure() : ""));
        return result;
    }

    /**
     * One service's run on a worker thread. A timeout or a fail-fast stop interrupts that thread; the command runner
     * then ends the docker process, and the service ends as timed out or cancelled instead of the run failing.
     */
    private final class Attempt {
        private final BuildTarget target;
        private final ServiceProgress progress = new ServiceProgress(clock);
        private volatile Thread worker;
        private volatile String stopReason;
        private volatile Outcome stopOutcome;

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
            ScheduledFuture<?> alarm = serviceTimeout == null ? null
                    : watchdog.schedule(() -> stop(Outcome.TIMED_OUT, "timed out after " + Durations.format(serviceTimeout)),
                            serviceTimeout.toMillis(), TimeUnit.MILLISECONDS);
            try {
                return finish(pipeline.run(target, progress).withPhases(progress.phases().phases()));
            } catch (InterruptedException e) {
                if (stopOutcome == null) {
                    throw e;
                }
                return finish(new ServiceResult(target.service(), target.image().toString(), stopOutcome, null, null, -1, progress.elapsed(),
                        stopReason + " (during the " + progress.stage() + "); its tags were not moved").withPhases(progress.phases().phases()));
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
}
