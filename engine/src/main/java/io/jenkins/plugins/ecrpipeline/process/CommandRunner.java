package io.jenkins.plugins.ecrpipeline.process;

import java.util.function.Consumer;

/**
 * Runs a process to completion. The CLI runs local processes; Jenkins runs them through its {@code Launcher}
 * so that {@code container()}, {@code withEnv} and {@code docker.inside} apply; tests use the local one.
 */
public interface CommandRunner {
    /**
     * Runs the command, handing each output line to {@code output} as it arrives.
     *
     * @throws CommandNotFoundException when the executable cannot be started at all
     */
    CommandResult run(Command command, Consumer<String> output) throws InterruptedException;
}
