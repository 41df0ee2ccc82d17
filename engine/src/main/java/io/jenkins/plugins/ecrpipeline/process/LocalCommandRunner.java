package io.jenkins.plugins.ecrpipeline.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Runs commands as child processes of this JVM; the CLI's and the tests' {@link CommandRunner}. A child sees
 * exactly the given environment (plus the command's own variables), never this JVM's: in Jenkins the build's
 * variables differ from the agent JVM's, and the CLI passes its own on purpose. A bare command name is looked up on
 * that environment's PATH, as a shell would for the child (the JDK would look on this JVM's own).
 */
public final class LocalCommandRunner implements CommandRunner {
    private final java.util.Map<String, String> environment;

    public LocalCommandRunner(java.util.Map<String, String> environment) {
        this.environment = java.util.Map.copyOf(environment);
    }

    @Override
    public CommandResult run(Command command, Consumer<String> output) throws InterruptedException {
        ProcessBuilder builder = new ProcessBuilder().redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(environment);
        builder.environment().putAll(command.environment());
        builder.command(onPath(command.arguments(), builder.environment().get("PATH")));
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
        OutputTail tail = new OutputTail();
        // Output is read on its own thread: a read blocked on the pipe does not see an interrupt, waitFor does, so a
        // stop (timeout, fail-fast, Ctrl-C, a Jenkins abort) ends the process at once rather than when it next prints.
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    output.accept(line);
                    tail.add(line);
                }
            } catch (IOException e) {
                tail.add("(output of " + command.executable() + " could not be read: " + e.getMessage() + ")");
            }
        }, "output of " + command.executable());
        reader.setDaemon(true);
        reader.start();
        try {
            int exitCode = process.waitFor();
            reader.join();
            return new CommandResult(exitCode, tail.lines());
        } catch (InterruptedException e) {
            stop(process);
            throw e;
        }
    }

    /**
     * The arguments with a bare command name replaced by the first executable file of that name on {@code path}; as
     * they were when the name has a slash, there is no PATH, or no directory holds it (the start then fails as before).
     */
    static java.util.List<String> onPath(java.util.List<String> arguments, String path) {
        String name = arguments.get(0);
        if (name.contains("/") || path == null) {
            return arguments;
        }
        for (String directory : path.split(":", -1)) {
            java.nio.file.Path candidate = java.nio.file.Path.of(directory.isEmpty() ? "." : directory, name);
            if (java.nio.file.Files.isRegularFile(candidate) && java.nio.file.Files.isExecutable(candidate)) {
                java.util.List<String> resolved = new java.util.ArrayList<>(arguments);
                resolved.set(0, candidate.toString());
                return resolved;
            }
        }
        return arguments;
    }

    /** Ends the process and whatever it started (docker's credential helpers), politely first. */
    private static void stop(Process process) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException again) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
