package io.jenkins.plugins.ecrpipeline.intermediatebuild;

import io.jenkins.plugins.ecrpipeline.Futures;
import io.jenkins.plugins.ecrpipeline.docker.DockerClient;
import io.jenkins.plugins.ecrpipeline.intermediatebuild.ServiceResult.Outcome;
import io.jenkins.plugins.ecrpipeline.process.CommandRunner;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The report's image sizes, asked after the last service so that no service waits for them: one
 * {@code docker image inspect} of every image whose ID the build printed, and one per image whose ID it did not (a
 * builder without the image exporter's line), which also gives that ID.
 */
final class ImageSizes {
    private static final Pattern ID_AND_SIZE = Pattern.compile("^(sha256:[0-9a-f]{64}) (\\d+)$");
    /** The outcomes of services whose build made an image. */
    private static final Set<Outcome> BUILT = Set.of(Outcome.PUSHED, Outcome.BUILT, Outcome.SMOKE_TEST_FAILED, Outcome.PUSH_FAILED);

    private ImageSizes() {
    }

    /**
     * The results with their sizes; a size that cannot be known stays -1 (shown as "-"), as for an image removed meanwhile.
     * The images {@code ahead} asked about already are not asked again.
     */
    static List<ServiceResult> of(List<ServiceResult> results, CommandRunner runner, DockerClient docker, Ahead ahead) throws InterruptedException {
        List<String> ids = new ArrayList<>(new LinkedHashSet<>(results.stream().map(ServiceResult::imageId).filter(id -> id != null).toList()));
        Map<String, Long> sizes = ids.isEmpty() ? Map.of() : ahead.answerFor(ids);
        if (sizes == null) {
            sizes = inspect(ids, runner, docker);
        }
        List<ServiceResult> sized = new ArrayList<>();
        for (ServiceResult r : results) {
            if (r.imageId() != null) {
                sized.add(sizes.containsKey(r.imageId()) ? r.withSize(sizes.get(r.imageId())) : r);
            } else if (BUILT.contains(r.outcome())) {
                Map<String, Long> byName = inspect(List.of(r.image()), runner, docker);
                sized.add(byName.size() == 1 ? r.withImage(byName.keySet().iterator().next(), byName.values().iterator().next()) : r);
            } else {
                sized.add(r);
            }
        }
        return sized;
    }

    /**
     * The sizes asked as soon as every service of the run is past its build, while the last pushes still run: asked
     * after the last service, they were the run's last wait (a docker process, some 35 ms). A service that never gets
     * past its build or its failure (skipped, stopped, timed out) leaves them unasked, and they are asked at the end.
     */
    static final class Ahead {
        private final int services;
        private final CommandRunner runner;
        private final DockerClient docker;
        private final List<String> ids = new ArrayList<>();
        private int reported;
        private Future<Map<String, Long>> asked;

        Ahead(int services, CommandRunner runner, DockerClient docker) {
            this.services = services;
            this.runner = runner;
            this.docker = docker;
        }

        /** A service is past its build: with the ID of the image it made, or null when its build failed. */
        synchronized void built(String imageId) {
            if (imageId != null) {
                ids.add(imageId);
            }
            if (++reported == services && !ids.isEmpty()) {
                List<String> all = List.copyOf(new LinkedHashSet<>(ids));
                ExecutorService thread = Futures.daemonThreads(1, "image sizes");
                asked = thread.submit(() -> inspect(all, runner, docker));
                thread.shutdown();
            }
        }

        /** The sizes asked ahead when they cover {@code wanted}, once docker answered; null when they were not asked. */
        Map<String, Long> answerFor(List<String> wanted) throws InterruptedException {
            Future<Map<String, Long>> answer;
            synchronized (this) {
                answer = asked != null && ids.containsAll(wanted) ? asked : null;
            }
            return answer == null ? null : Futures.result(answer);
        }
    }

    private static Map<String, Long> inspect(List<String> images, CommandRunner runner, DockerClient docker) throws InterruptedException {
        Map<String, Long> sizes = new HashMap<>();
        runner.run(docker.inspect(images), line -> {
            Matcher m = ID_AND_SIZE.matcher(line.strip());
            if (m.matches()) {
                sizes.put(m.group(1), Long.parseLong(m.group(2)));
            }
        });
        return sizes;
    }
}
