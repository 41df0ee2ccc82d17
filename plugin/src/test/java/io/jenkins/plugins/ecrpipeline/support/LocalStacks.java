package io.jenkins.plugins.ecrpipeline.support;

/** The engine tests' {@link LocalStack}, for JUnit 4 tests (the engine's tests get it from a JUnit 5 extension). */
public final class LocalStacks {
    private static LocalStack started;

    private LocalStacks() {
    }

    /** Starts the local stack once per test JVM ({@code scripts/local-stack up}, idempotent); fails loudly if it cannot. */
    public static synchronized LocalStack start() throws Exception {
        if (started == null) {
            started = LocalStack.start();
        }
        return started;
    }
}
