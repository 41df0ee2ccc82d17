package io.jenkins.plugins.ecrpipeline.process;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A process to run: its arguments, the variables added to the inherited environment, and where it runs.
 *
 * @param arguments the executable followed by its arguments
 * @param environment variables set on top of the runner's own environment
 * @param workingDirectory the directory to run in, or null for the runner's default
 * @param standardInput what the process reads on standard input (a password for {@code --password-stdin}), or
 *     null for none; it never appears in {@link #display()} or {@code toString}
 */
public record Command(List<String> arguments, Map<String, String> environment, Path workingDirectory, Secret standardInput) {
    public Command {
        arguments = List.copyOf(arguments);
        environment = Map.copyOf(environment);
        if (arguments.isEmpty()) {
            throw new IllegalArgumentException("a command needs at least an executable");
        }
    }

    public static Command of(List<String> arguments) {
        return new Command(arguments, Map.of(), null, null);
    }

    public Command withEnvironment(Map<String, String> added) {
        return new Command(arguments, added, workingDirectory, standardInput);
    }

    public Command withStandardInput(Secret input) {
        return new Command(arguments, environment, workingDirectory, input);
    }

    public String executable() {
        return arguments.get(0);
    }

    /** The command as a person would type it; for messages only. */
    public String display() {
        return String.join(" ", arguments.stream().map(a -> a.contains(" ") ? "'" + a + "'" : a).toList());
    }
}
