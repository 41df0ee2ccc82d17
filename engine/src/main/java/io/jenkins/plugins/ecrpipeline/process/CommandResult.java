package io.jenkins.plugins.ecrpipeline.process;

import java.util.List;

/**
 * How a process ended.
 *
 * @param exitCode the process exit code
 * @param tail the last lines it printed (standard output and error together), to explain a failure
 */
public record CommandResult(int exitCode, List<String> tail) {
    public CommandResult {
        tail = List.copyOf(tail);
    }

    public boolean succeeded() {
        return exitCode == 0;
    }
}
