package io.jenkins.plugins.ecrpipeline.process;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * The outside world as one operation sees it: how processes run, the one environment map (compose interpolation,
 * the credential chain and every child process read it; in Jenkins the build's {@code EnvVars}), the workspace that
 * request paths are relative to, where private temporary files go, the clock and the log. Each face (CLI, Jenkins,
 * tests) builds its own; it never crosses between JVMs.
 *
 * @param runner runs child processes with {@link #environment()} as their whole environment
 * @param environment the variables of the build
 * @param workspace the directory that relative paths in requests start from
 * @param files the files written where docker runs: private directories (a docker config holding logins), reports
 * @param registries checks, from where docker runs, that a registry answers
 * @param clock the time source (build dates, durations, token expiry)
 * @param console where progress lines go
 * @param redaction takes secrets out of what the operation keeps beyond the console (reports, failure reasons)
 */
public record Host(CommandRunner runner, Map<String, String> environment, Path workspace, HostFiles files, ReachabilityCheck registries,
        Clock clock, Console console, Redaction redaction) {
    public Host {
        Objects.requireNonNull(runner, "runner");
        environment = Map.copyOf(environment);
        workspace = workspace.toAbsolutePath().normalize();
        Objects.requireNonNull(files, "files");
        Objects.requireNonNull(registries, "registries");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(console, "console");
        Objects.requireNonNull(redaction, "redaction");
    }

    /** A host whose children are local processes that see exactly {@code environment}. */
    public static Builder local(Map<String, String> environment) {
        return new Builder(environment);
    }

    /** Resolves a request path (relative to the workspace unless absolute). */
    public Path resolve(String path) {
        return workspace.resolve(path).normalize();
    }

    /** The user's docker config directory: {@code $DOCKER_CONFIG}, else {@code $HOME/.docker}. */
    public String userDockerConfig() {
        String configured = environment.get("DOCKER_CONFIG");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        return Path.of(environment.getOrDefault("HOME", System.getProperty("user.home")), ".docker").toString();
    }

    /** The same host with another console (a command that prints its results on standard output, say). */
    public Host withConsole(Console other) {
        return new Host(runner, environment, workspace, files, registries, clock, other, redaction);
    }

    /** The same host, redacting these secrets from what it keeps. */
    public Host withRedaction(Redaction other) {
        return new Host(runner, environment, workspace, files, registries, clock, console, other);
    }

    /** Builds a local {@link Host}; the workspace defaults to the current directory, the clock to UTC. */
    public static final class Builder {
        private final Map<String, String> environment;
        private CommandRunner runner;
        private Path workspace = Path.of("");
        private Path tempDirectory;
        private Clock clock = Clock.systemUTC();
        private Console console = line -> { };
        // Checks nothing: each face that pushes supplies registry.RegistryProbe, so process/ never depends on registry/.
        private ReachabilityCheck registries = registry -> { };

        private Builder(Map<String, String> environment) {
            this.environment = Map.copyOf(environment);
        }

        public Builder runner(CommandRunner value) {
            this.runner = value;
            return this;
        }

        public Builder workspace(Path value) {
            this.workspace = value;
            return this;
        }

        public Builder tempDirectory(Path value) {
            this.tempDirectory = value;
            return this;
        }

        public Builder clock(Clock value) {
            this.clock = value;
            return this;
        }

        public Builder console(Console value) {
            this.console = value;
            return this;
        }

        /** How a build checks that its registry answers before it starts (default: no check). */
        public Builder registries(ReachabilityCheck value) {
            this.registries = value;
            return this;
        }

        public Host build() {
            Objects.requireNonNull(tempDirectory, "a host needs a temporary directory");
            return new Host(runner != null ? runner : new LocalCommandRunner(environment), environment, workspace,
                    new LocalHostFiles(tempDirectory), registries, clock, console, Redaction.NONE);
        }
    }
}
