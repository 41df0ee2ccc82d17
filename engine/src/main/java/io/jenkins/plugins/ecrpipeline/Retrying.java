package io.jenkins.plugins.ecrpipeline;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * Calls again, with exponential backoff and full jitter, what failed for a reason that passes (throttling, a 5xx, a
 * broken connection). The SDK's own retries come first; this covers a burst that outlasts them, and the registry
 * API, which has no SDK (cleanup's listings and deletes, promotion's blob copies). Hand-written because the few lines
 * are simpler than another dependency.
 */
public final class Retrying {
    /** Something to call that may fail. */
    @FunctionalInterface
    public interface Call<T> {
        T run() throws InterruptedException;
    }

    /** Who counts the logical calls and the attempts sent again (cleanup compares them with the fewest calls a run needs). */
    public interface Counter {
        /** Counts nothing. */
        Counter NONE = new Counter() {
            @Override
            public void call(String operation) {
            }

            @Override
            public void retried(long attempts) {
            }
        };

        void call(String operation);

        void retried(long attempts);
    }

    private final int attempts;
    private final Duration base;
    private final Duration cap;

    public Retrying(int attempts, Duration base, Duration cap) {
        this.attempts = attempts;
        this.base = base;
        this.cap = cap;
    }

    public static Retrying standard() {
        return new Retrying(6, Duration.ofMillis(200), Duration.ofSeconds(10));
    }

    public <T> T call(Counter calls, String operation, Predicate<RuntimeException> passing, Call<T> call) throws InterruptedException {
        calls.call(operation);
        for (int attempt = 1;; attempt++) {
            try {
                return call.run();
            } catch (RuntimeException e) {
                if (attempt >= attempts || !passing.test(e)) {
                    throw e;
                }
                calls.retried(1);
                long ceiling = Math.min(cap.toMillis(), base.toMillis() << Math.min(attempt - 1, 20));
                Thread.sleep(ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1));
            }
        }
    }
}
