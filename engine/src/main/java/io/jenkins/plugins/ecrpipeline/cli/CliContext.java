package io.jenkins.plugins.ecrpipeline.cli;

import io.jenkins.plugins.ecrpipeline.process.CommandRunner;
import io.jenkins.plugins.ecrpipeline.process.Console;
import io.jenkins.plugins.ecrpipeline.process.Host;
import io.jenkins.plugins.ecrpipeline.registry.RegistryProbe;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * What the CLI commands take from the outside world, passed in so tests can run them in-process.
 *
 * @param environment the process environment: compose interpolation, the credential chain and every child process
 * @param out where progress and results go
 * @param err where errors go
 * @param runner how processes run
 * @param clock the time source (build date, durations)
 */
public record CliContext(Map<String, String> environment, PrintWriter out, PrintWriter err, CommandRunner runner, Clock clock) {
    public CliContext {
        environment = Map.copyOf(environment);
    }

    /**
     * The engine's host for one command: the current directory as workspace, the system's temporary directory for
     * private files (the CLI runs as the user whose files they are), progress lines on {@code console}.
     */
    Host host(Console console) {
        return Host.local(environment).runner(runner).workspace(Path.of("").toAbsolutePath())
                .tempDirectory(Path.of(System.getProperty("java.io.tmpdir"))).clock(clock).console(console)
                .registries(new RegistryProbe(Duration.ofSeconds(5))).build();
    }

    /** Progress on standard output, one whole line at a time (builds print from several threads). */
    Console stdout() {
        return line -> {
            synchronized (out) {
                out.println(line);
                out.flush();
            }
        };
    }

    Console stderr() {
        return line -> {
            synchronized (err) {
                err.println(line);
                err.flush();
            }
        };
    }
}
