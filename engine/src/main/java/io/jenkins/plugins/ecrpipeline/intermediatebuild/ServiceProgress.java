package io.jenkins.plugins.ecrpipeline.intermediatebuild;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * How far one service's run has come: when it took its slot, the phases so far and the stage it is in. Its worker
 * thread moves it on; the scheduler reads it from another thread when a timeout or a fail-fast stop ends the service,
 * to say where it stopped.
 */
final class ServiceProgress {
    private final Clock clock;
    private final Instant start;
    private final PhaseLog phases;
    private volatile String stage = "build";

    ServiceProgress(Clock clock) {
        this.clock = clock;
        this.start = clock.instant();
        this.phases = new PhaseLog(clock);
    }

    PhaseLog phases() {
        return phases;
    }

    String stage() {
        return stage;
    }

    /** Names the stage a stop would interrupt from now on, for the stopped service's failure text. */
    void enter(String next) {
        stage = next;
    }

    Duration elapsed() {
        return Duration.between(start, clock.instant());
    }
}
