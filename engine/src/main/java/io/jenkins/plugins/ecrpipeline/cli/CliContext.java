package io.jenkins.plugins.ecrpipeline.cli;

import io.jenkins.plugins.ecrpipeline.process.CommandRunner;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Map;

/**
 * What the CLI commands take from the outside world, passed in so tests can run them in-process.
 *
 * @param environment the process environment (compose interpolation, defaults)
 * @param out where progress and results go
 * @param err where errors go
 * @param runner how processes run
 * @param clock the time source (build date, durations)
 */
public record CliContext(Map<String, String> environment, PrintWriter out, PrintWriter err, CommandRunner runner, Clock clock) {
    public CliContext {
        environment = Map.copyOf(environment);
    }
}
