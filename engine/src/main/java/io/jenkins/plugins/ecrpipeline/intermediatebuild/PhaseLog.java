package io.jenkins.plugins.ecrpipeline.intermediatebuild;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The phases of one service's run, one after another, as its worker thread records them. */
final class PhaseLog {
    private final Clock clock;
    private final List<Phase> phases = new ArrayList<>();

    PhaseLog(Clock clock) {
        this.clock = clock;
    }

    /** A step that can be interrupted (a docker command, a wait for a lock). */
    @FunctionalInterface
    interface Step<T> {
        T run() throws InterruptedException;
    }

    /** Runs the step and records it, also when it fails or is interrupted (the report then shows where it stopped). */
    <T> T time(String name, String image, Step<T> step) throws InterruptedException {
        Instant start = clock.instant();
        try {
            return step.run();
        } finally {
            synchronized (phases) {
                phases.add(new Phase(name, image, start, clock.instant()));
            }
        }
    }

    List<Phase> phases() {
        synchronized (phases) {
            return List.copyOf(phases);
        }
    }
}
