package io.jenkins.plugins.ecrpipeline;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Waiting for work handed to another thread, with its exception as the caller would have seen it. */
public final class Futures {
    private Futures() {
    }

    /** Threads for short side work (checks that mostly wait), which never keep the JVM alive. */
    public static ExecutorService daemonThreads(int count, String name) {
        return Executors.newFixedThreadPool(count, r -> {
            Thread thread = new Thread(r, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The value, or the exception the work threw (unchecked or an interrupt) rethrown as it was. */
    public static <T> T result(Future<T> future) throws InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException problem) {
                throw problem;
            }
            if (e.getCause() instanceof InterruptedException interrupted) {
                throw interrupted;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
