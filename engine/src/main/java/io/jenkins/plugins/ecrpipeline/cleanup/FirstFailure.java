package io.jenkins.plugins.ecrpipeline.cleanup;

import io.jenkins.plugins.ecrpipeline.Futures;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The first error of a run's repositories: once one repository fails (a refusal, a listing that cannot be read), no
 * other repository starts, the running ones finish, and the run ends with that error.
 */
final class FirstFailure {
    /** One repository's work, run on the pool. */
    @FunctionalInterface
    interface Work {
        void run() throws InterruptedException;
    }

    private final AtomicReference<Exception> first = new AtomicReference<>();

    boolean failed() {
        return first.get() != null;
    }

    Callable<Void> unlessFailed(Work work) {
        return () -> {
            if (failed()) {
                return null;
            }
            try {
                work.run();
            } catch (RuntimeException | InterruptedException e) {
                first.compareAndSet(null, e);
                throw e;
            }
            return null;
        };
    }

    void rethrow(List<Future<Void>> done) throws InterruptedException {
        for (Future<Void> f : done) {
            Futures.result(f);
        }
        Exception e = first.get();
        if (e instanceof RuntimeException r) {
            throw r;
        }
        if (e instanceof InterruptedException i) {
            throw i;
        }
    }
}
