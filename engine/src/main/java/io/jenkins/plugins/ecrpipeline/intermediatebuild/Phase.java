package io.jenkins.plugins.ecrpipeline.intermediatebuild;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;

/**
 * One step of a service's run (a docker command or a wait), with when it started and ended, so a report shows where
 * a service's time went.
 *
 * @param name what ran: {@code build}, {@code cache pass}, {@code smoke test}, {@code login check}, {@code push}
 *     (docker push of one name) or {@code retag} (a further name pointed at the pushed digest through the registry's
 *     API); reports from before the build named every tag itself also have {@code inspect} and {@code tag}
 * @param image the image name the step was about ({@code push}, {@code retag}: that name), or null
 * @param startedAt when it started
 * @param finishedAt when it ended
 */
record Phase(String name, String image, Instant startedAt, Instant finishedAt) implements Serializable {
    static final String BUILD = "build";
    static final String CACHE_PASS = "cache pass";
    static final String SMOKE_TEST = "smoke test";
    static final String LOGIN_CHECK = "login check";
    static final String PUSH = "push";
    static final String RETAG = "retag";

    Duration duration() {
        return Duration.between(startedAt, finishedAt);
    }
}
