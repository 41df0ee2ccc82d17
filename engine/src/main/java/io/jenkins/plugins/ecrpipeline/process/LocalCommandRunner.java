package io.jenkins.plugins.ecrpipeline.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;

/** Runs commands as child processes of this JVM; the CLI's and the tests' {@link CommandRunner}. */
public final class LocalCommandRunner implements CommandRunner {
    private static final int TAIL_LINES = 20;

    private final java.util.Map<String, String> baseEnvironment;

    /** Children inherit this JVM's environment. */
    public LocalCommandRunner() {
        this(java.util.Map.of());
    }

    /** Children inherit this JVM's environment plus {@code baseEnvironment} (e.g. a private DOCKER_CONFIG). */
    public LocalCommandRunner(java.util.Map<String, String> baseEnvironment) {
        this.baseEnvironment = java.util.Map.copyOf(baseEnvironment);
    }

    @Override
    public CommandResult run(Command command, Consumer<String> output) throws InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command.arguments()).redirectErrorStream(true);
        builder.environment().putAll(baseEnvironment);
        builder.environment().putAll(command.environment());
        if (command.workingDirectory() != null) {
            builder.directory(command.workingDirectory().toFile());
        }
        if (command.standardInput() == null) {
            builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new CommandNotFoundException(command.executable(), e);
        }
        if (command.standardInput() != null) {
            try (java.io.OutputStream stdin = process.getOutputStream()) {
                stdin.write(command.standardInput().utf8());
            } catch (IOException e) {
                // The process closed its input early; its exit code and output will say why.
            }
        }
        Deque<String> tail = new ArrayDeque<>();
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                output.accept(line);
                if (tail.size() == TAIL_LINES) {
                    tail.removeFirst();
                }
                tail.addLast(line);
            }
        } catch (IOException e) {
            tail.addLast("(output of " + command.executable() + " could not be read: " + e.getMessage() + ")");
        } finally {
            if (Thread.currentThread().isInterrupted()) {
                process.destroy();
            }
        }
        try {
            return new CommandResult(process.waitFor(), java.util.List.copyOf(tail));
        } catch (InterruptedException e) {
            process.destroy();
            throw e;
        }
    }
}
