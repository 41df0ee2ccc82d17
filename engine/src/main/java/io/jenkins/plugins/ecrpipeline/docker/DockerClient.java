package io.jenkins.plugins.ecrpipeline.docker;

import io.jenkins.plugins.ecrpipeline.process.Command;
import io.jenkins.plugins.ecrpipeline.process.Secret;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One docker client as a run uses it: the executable, its version (once detected), the config directory that holds
 * its registry logins, and the network for RUN steps. Every docker command line this project runs is made here.
 *
 * @param executable the client executable, e.g. {@code /usr/bin/docker}
 * @param version the client version, e.g. {@code 20.10.24}; empty until {@link DockerClients#detect} has run
 * @param configDir the docker config directory ({@code --config}), or null for docker's own default
 * @param network the network for RUN steps in builds ({@code host}, {@code none}...), or null for Docker's default
 */
public record DockerClient(String executable, String version, String configDir, String network) implements Serializable {
    private static final Pattern PUSHED_DIGEST = Pattern.compile("digest: (sha256:[0-9a-f]{64})");
    /** BuildKit on: the 20.10 client has it built in, newer clients hand builds to buildx. */
    private static final Map<String, String> BUILDKIT = Map.of("DOCKER_BUILDKIT", "1");
    /** The variable that names the client when no executable is given. */
    public static final String EXECUTABLE_VARIABLE = "ECR_PIPELINE_DOCKER";

    public DockerClient {
        if (executable == null || executable.isBlank()) {
            throw new IllegalArgumentException("a docker client needs an executable");
        }
        version = version == null ? "" : version;
    }

    /** The client named by {@code executable}, else {@code $ECR_PIPELINE_DOCKER}, else {@code docker} on the PATH. */
    public static DockerClient named(String executable, Map<String, String> environment) {
        String chosen = executable != null && !executable.isBlank() ? executable
                : environment.getOrDefault(EXECUTABLE_VARIABLE, "docker");
        return new DockerClient(chosen, "", null, null);
    }

    /** Whether the executable was named by the user (argument or {@code $ECR_PIPELINE_DOCKER}) rather than defaulted. */
    public static boolean isNamed(String executable, Map<String, String> environment) {
        return executable != null && !executable.isBlank() || environment.containsKey(EXECUTABLE_VARIABLE);
    }

    DockerClient withExecutable(String other) {
        return new DockerClient(other, "", configDir, network);
    }

    public DockerClient withConfigDir(String dir) {
        return new DockerClient(executable, version, dir, network);
    }

    public DockerClient withNetwork(String value) {
        return new DockerClient(executable, version, configDir, value);
    }

    DockerClient withVersion(String value) {
        return new DockerClient(executable, value, configDir, network);
    }

    /** The client and, when set, {@code --config DIR}: the start of every command line. */
    private List<String> client(String... args) {
        List<String> command = new ArrayList<>(List.of(executable));
        if (configDir != null) {
            command.addAll(List.of("--config", configDir));
        }
        command.addAll(List.of(args));
        return command;
    }

    public Command build(DockerBuild build) {
        List<String> args = client("build", "--progress=plain", "--file", build.dockerfile());
        build.buildArgs().forEach((k, v) -> args.addAll(List.of("--build-arg", k + "=" + v)));
        if (build.target() != null) {
            args.addAll(List.of("--target", build.target()));
        }
        build.cacheFrom().forEach(image -> args.addAll(List.of("--cache-from", image)));
        build.labels().forEach((k, v) -> args.addAll(List.of("--label", k + "=" + v)));
        if (network != null) {
            args.addAll(List.of("--network", network));
        }
        if (build.pull()) {
            args.add("--pull");
        }
        if (usesBuildx() && !build.attestations()) {
            // buildx attaches provenance (and on request SBOM) as extra manifests: more images in ECR, no use here.
            args.addAll(List.of("--provenance=false", "--sbom=false"));
        }
        args.addAll(List.of("--tag", build.image()));
        build.alsoTagged().forEach(name -> args.addAll(List.of("--tag", name)));
        args.add(build.context());
        return Command.of(args).withEnvironment(BUILDKIT);
    }

    /** Whether builds go through the buildx plugin (clients from 23.0 on) rather than BuildKit built into the client. */
    public boolean usesBuildx() {
        return majorVersion() >= 23;
    }

    int majorVersion() {
        try {
            return Integer.parseInt(version.split("\\.")[0].replaceAll("[^0-9]", ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * A smoke test: {@code sh -c COMMAND} in a throw-away container of {@code image} (its entrypoint replaced, so the
     * command runs as written), on {@code testNetwork}.
     */
    public Command smokeTest(String image, String command, String testNetwork) {
        return Command.of(client("run", "--rm", "--network", testNetwork, "--entrypoint", "sh", image, "-c", command));
    }

    public Command push(String image) {
        return Command.of(client("push", image));
    }

    /** Prints "{@code <image id> <size in bytes>}" for each image, in one call. */
    public Command inspect(List<String> images) {
        List<String> args = client("image", "inspect", "--format", "{{.Id}} {{.Size}}");
        args.addAll(images);
        return Command.of(args);
    }

    /** {@code docker login --password-stdin}: the password goes to standard input, never onto a command line. */
    public Command login(String registryHost, String user, Secret password) {
        return Command.of(client("login", "--username", user, "--password-stdin", registryHost)).withStandardInput(password);
    }

    public Command logout(String registryHost) {
        return Command.of(client("logout", registryHost));
    }

    Command clientVersion() {
        return Command.of(client("version", "--format", "{{.Client.Version}}"));
    }

    Command buildxVersion() {
        return Command.of(client("buildx", "version"));
    }

    /** The manifest digest from {@code docker push} output ("intermediate: digest: sha256:... size: 943"). */
    public static Optional<String> pushedDigest(List<String> output) {
        for (String line : output) {
            Matcher m = PUSHED_DIGEST.matcher(line);
            if (m.find()) {
                return Optional.of(m.group(1));
            }
        }
        return Optional.empty();
    }
}
