package io.jenkins.plugins.ecrpipeline.intermediatebuild;

import io.jenkins.plugins.ecrpipeline.PipelineException;
import io.jenkins.plugins.ecrpipeline.docker.DockerClient;
import io.jenkins.plugins.ecrpipeline.docker.PushFailureHint;
import io.jenkins.plugins.ecrpipeline.intermediatebuild.BuildTarget.BuildOptions;
import io.jenkins.plugins.ecrpipeline.intermediatebuild.ServiceResult.Outcome;
import io.jenkins.plugins.ecrpipeline.process.CommandResult;
import io.jenkins.plugins.ecrpipeline.process.CommandRunner;
import io.jenkins.plugins.ecrpipeline.process.Console;
import io.jenkins.plugins.ecrpipeline.registry.ImageName;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One service, start to end, on the thread its scheduler gives it: build, a second pass that writes the registry
 * cache when the cache no longer serves, the smoke test, then the push of every tag, a passing registry error tried
 * again. A step that fails ends the service there, so nothing that failed is pushed and the tags in the registry keep
 * their last good image.
 */
final class ServicePipeline {
    private final CommandRunner runner;
    private final DockerClient docker;
    private final Console console;
    private final BuildOptions buildOptions;
    private final boolean push;
    private final PushRetries pushRetries;
    private final String smokeTestNetwork;
    private final PushGate pushGate;
    private final Retag retag;
    private final ImageSizes.Ahead sizes;
    /**
     * One cache-metadata pass at a time: dockerd 20.10's BuildKit dies ("fatal error: concurrent map writes" in its
     * remote-cache chains) when several builds export inline cache at once; seen here with 12 services.
     */
    private final ReentrantLock cacheExport = new ReentrantLock();

    /**
     * How often a push that failed for a reason that may pass (a 5xx, a timeout, a reset connection) is tried, and how
     * long to wait before each new attempt (doubling).
     */
    record PushRetries(int attempts, Duration firstDelay) {
        static final Duration FIRST_DELAY = Duration.ofSeconds(2);

        Duration delayBefore(int attempt) {
            return firstDelay.multipliedBy(1L << Math.max(0, attempt - 2));
        }
    }

    /** Runs before each push: renews a registry login that is close to expiry. */
    @FunctionalInterface
    interface PushGate {
        void beforePush(BuildTarget target) throws InterruptedException;
    }

    /**
     * Points a tag at a digest already in the registry, without docker; a refusal is a {@link PipelineException}, and the
     * name is then pushed with docker after all.
     */
    @FunctionalInterface
    interface Retag {
        void pointAt(ImageName name, String digest) throws InterruptedException;

        /**
         * Readies what the first {@link #pointAt} needs and costs CPU (an HTTP client, with the JDK's TLS set-up when a
         * registry is reached over HTTPS; the docker config with its JSON parser), so it is spent while the run waits on
         * docker rather than on the path of the first service that gets there.
         */
        default void prepare() throws InterruptedException {
        }
    }

    /** A pipeline for a run of {@code services} services. */
    ServicePipeline(CommandRunner runner, DockerClient docker, Console console, RunSettings settings, PushGate pushGate, Retag retag,
            int services) {
        this.runner = runner;
        this.docker = docker;
        this.console = console;
        this.buildOptions = settings.buildOptions();
        this.push = settings.push();
        this.pushRetries = new PushRetries(settings.pushAttempts(), PushRetries.FIRST_DELAY);
        this.smokeTestNetwork = settings.smokeTestNetwork();
        this.pushGate = pushGate;
        this.retag = retag;
        this.sizes = new ImageSizes.Ahead(services, runner, docker);
    }

    /** The service's result, without its phases (they are in {@code progress}); a stop arrives as an interrupt. */
    ServiceResult run(BuildTarget target, ServiceProgress progress) throws InterruptedException {
        String service = target.service();
        String image = target.image().toString();
        say(service, "build started: " + image);
        BuildKitProgress output = new BuildKitProgress();
        CommandResult built = progress.phases().time(Phase.BUILD, null, () -> runner.run(docker.build(target.dockerBuild(buildOptions)), line -> {
            output.accept(line);
            say(service, line);
        }));
        if (!built.succeeded()) {
            sizes.built(null);
            return new ServiceResult(service, image, Outcome.BUILD_FAILED, null, null, -1, progress.elapsed(),
                    "docker build exited with " + built.exitCode() + ": " + reason(built.tail()));
        }
        boolean refreshCache = false;
        BuildKitProgress builtBy = output;
        if (buildOptions.registryCache()) {
            CacheFreshness cache = CacheFreshness.judge(output, target.cacheImage(), target.dateTail());
            if (cache.refresh()) {
                say(service, "build cache: refreshing " + target.cacheImage() + " (" + cache.reason() + ")");
                progress.enter("cache metadata pass");
                builtBy = new BuildKitProgress();
                CommandResult again = cachePass(target, progress, builtBy);
                if (!again.succeeded()) {
                    sizes.built(null);
                    return new ServiceResult(service, image, Outcome.BUILD_FAILED, null, null, -1, progress.elapsed(),
                            "docker build (second pass from the local cache) exited with " + again.exitCode() + ": " + reason(again.tail()));
                }
                refreshCache = true;
            } else {
                say(service, "build cache: " + cache.reason() + "; " + target.cacheImage() + " stays as it is");
            }
        }
        // BuildKit's own output names the image it wrote (--iidfile would hide the daemon's error when a build fails);
        // the size is asked for every image at once, once the last service is past its build (ImageSizes.Ahead), off
        // this path.
        String imageId = builtBy.imageId();
        sizes.built(imageId);
        if (target.smokeTest() != null) {
            progress.enter("smoke test");
            say(service, "smoke test: " + target.smokeTest());
            CommandResult tested = progress.phases().time(Phase.SMOKE_TEST, image, () -> runner.run(docker.smokeTest(image, target.smokeTest(),
                    smokeTestNetwork), line -> say(service, "smoke| " + line)));
            if (!tested.succeeded()) {
                return new ServiceResult(service, image, Outcome.SMOKE_TEST_FAILED, null, imageId, -1, progress.elapsed(),
                        "smoke test '" + target.smokeTest() + "' exited with " + tested.exitCode() + ": " + lastLines(tested.tail(), 5)
                                + "; not pushed");
            }
        }
        if (!push) {
            return new ServiceResult(service, image, Outcome.BUILT, null, imageId, -1, progress.elapsed(), null);
        }
        progress.enter("push");
        return push(target, progress, imageId, refreshCache);
    }

    /** The service's images with their sizes, asked of docker once for all, so that no service waits for it. */
    List<ServiceResult> withImageSizes(List<ServiceResult> results) throws InterruptedException {
        return ImageSizes.of(results, runner, docker, sizes);
    }

    /** The build again, writing cache metadata; the wait for the lock is part of the phase: under many refreshing services it is most of it. */
    private CommandResult cachePass(BuildTarget target, ServiceProgress progress, BuildKitProgress output) throws InterruptedException {
        return progress.phases().time(Phase.CACHE_PASS, null, () -> {
            cacheExport.lockInterruptibly();
            try {
                return runner.run(docker.build(target.cacheMetadataBuild(buildOptions)), output);
            } finally {
                cacheExport.unlock();
            }
        });
    }

    /**
     * Pushes every name of the image, the moving tag after the dated one and the cache image last. Only the first name
     * goes through docker push; the other names then point at the digest it wrote, through the registry's API. The
     * cache image is the same image: the cache pass named every tag of the service as well as the cache tag.
     */
    private ServiceResult push(BuildTarget target, ServiceProgress progress, String imageId, boolean refreshCache) throws InterruptedException {
        String service = target.service();
        String image = target.image().toString();
        try {
            progress.phases().time(Phase.LOGIN_CHECK, null, () -> {
                pushGate.beforePush(target);
                return null;
            });
        } catch (PipelineException e) {
            return new ServiceResult(service, image, Outcome.PUSH_FAILED, null, imageId, -1, progress.elapsed(),
                    "registry login before the push failed: " + e.getMessage());
        }
        String digest = null;
        List<String> pushedNames = new ArrayList<>();
        List<String> names = new ArrayList<>(target.pushOrder());
        if (refreshCache) {
            // Last: a cache push that fails leaves the image's own tags pushed and the old cache in place.
            names.add(target.cacheImage());
        }
        for (String name : names) {
            if (digest != null && retagged(service, name, digest, progress)) {
                if (!name.equals(target.cacheImage())) {
                    pushedNames.add(name);
                }
                continue;
            }
            // Every name was given in the build itself (BuildTarget.dockerBuild), so no docker tag comes first.
            say(service, "push started: " + name);
            List<String> pushOutput = new ArrayList<>();
            CommandResult pushed = progress.phases().time(Phase.PUSH, name, () -> pushWithRetries(service, name, pushOutput));
            if (!pushed.succeeded()) {
                return new ServiceResult(service, image, Outcome.PUSH_FAILED, null, imageId, -1, progress.elapsed(),
                        "docker push " + name + " exited with " + pushed.exitCode() + ": " + reason(pushed.tail())
                                + PushFailureHint.forOutput(pushed.tail(), target.image().registry(), target.image().repository())
                                + (pushedNames.isEmpty() ? "" : " (already pushed: " + String.join(", ", pushedNames) + ")"),
                        pushedNames);
            }
            digest = DockerClient.pushedDigest(pushOutput).orElse(digest);
            if (!name.equals(target.cacheImage())) {
                pushedNames.add(name);
            }
        }
        return new ServiceResult(service, image, Outcome.PUSHED, digest, imageId, -1, progress.elapsed(), null, pushedNames);
    }

    /**
     * Whether the name now points at the digest, through the registry's API. When the registry refuses (a login the
     * engine cannot read, say), docker pushes the name instead, as it did the first one: the API is only the short way.
     */
    private boolean retagged(String service, String name, String digest, ServiceProgress progress) throws InterruptedException {
        ImageName image = ImageName.parse(name);
        if (image.registry() == null) {
            return false;
        }
        try {
            progress.phases().time(Phase.RETAG, name, () -> {
                retag.pointAt(image, digest);
                return null;
            });
            say(service, "tagged " + name + " (" + digest + ") in the registry");
            return true;
        } catch (PipelineException e) {
            say(service, "could not tag " + name + " through the registry's API (" + e.getMessage() + "); pushing it with docker instead");
            return false;
        }
    }

    private CommandResult pushWithRetries(String service, String name, List<String> pushOutput) throws InterruptedException {
        CommandResult pushed = null;
        for (int attempt = 1; attempt <= pushRetries.attempts(); attempt++) {
            pushOutput.clear();
            pushed = runner.run(docker.push(name), line -> {
                pushOutput.add(line);
                say(service, line);
            });
            if (pushed.succeeded() || attempt == pushRetries.attempts() || !PushFailureHint.isTransient(pushed.tail())) {
                break;
            }
            Duration wait = pushRetries.delayBefore(attempt + 1);
            say(service, "push failed (attempt " + attempt + " of " + pushRetries.attempts() + "): " + reason(pushed.tail())
                    + "; the registry may recover, retrying in " + Durations.format(wait));
            Thread.sleep(wait.toMillis());
        }
        return pushed;
    }

    /** A line of this service's, after its name, so that the lines of services building at once can be told apart. */
    private void say(String service, String text) {
        console.line("[" + service + "] " + text);
    }

    /** A test's own words: its last lines (stdout and stderr interleave, so the error is not always last). */
    private static String lastLines(List<String> tail, int count) {
        List<String> shown = tail.stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
        return shown.isEmpty() ? "(no output)" : String.join(" | ", shown.subList(Math.max(0, shown.size() - count), shown.size()));
    }

    /** The last non-blank line docker printed, which is where both build and push put the error. */
    private static String reason(List<String> tail) {
        for (int i = tail.size() - 1; i >= 0; i--) {
            String line = tail.get(i).strip();
            if (!line.isEmpty() && !line.equals("------")) {
                return line;
            }
        }
        return "(no output)";
    }
}
