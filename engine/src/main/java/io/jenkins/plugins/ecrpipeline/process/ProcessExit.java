package io.jenkins.plugins.ecrpipeline.process;

/**
 * Ends this JVM with an exit status, without the pause a JDK HTTP client adds to it. A JVM's exit waits up to 0.3 s
 * for every thread that is in native code (HotSpot's VM_Exit::wait_for_threads_in_native_to_block; JDK 22 made it a
 * flag, UserThreadWaitAttemptsAtExit). The selector thread of a {@link java.net.http.HttpClient} that has sent a
 * request sits in {@code epoll_wait} until its client is collected, and on JDK 17 a client cannot be closed, so every
 * command that used the registry's API (promote, cleanup, a build's tags) took 0.3 s longer to end than its work.
 * Interrupting that thread wakes its selector and ends its loop, so it is out of native code when the exit looks.
 * Only for the end of a process: the clients stop working.
 */
public final class ProcessExit {
    private ProcessExit() {
    }

    /** Stops the HTTP clients' selector threads, then exits with {@code status}. */
    public static void exit(int status) {
        stopHttpClientSelectors();
        System.exit(status);
    }

    /**
     * Interrupts the JDK HTTP clients' selector threads, found by the name the JDK gives them
     * ({@code HttpClient-<n>-SelectorManager}, JDK 11-21); a later JDK's other name only brings the pause back.
     */
    static void stopHttpClientSelectors() {
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            String name = thread.getName();
            if (name.startsWith("HttpClient-") && name.endsWith("-SelectorManager")) {
                thread.interrupt();
            }
        }
    }
}
