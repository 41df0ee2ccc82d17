package io.jenkins.plugins.ecrpipeline.build;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import io.jenkins.plugins.ecrpipeline.process.Command;

/** The docker command lines this tool runs, for one docker client executable. */
public final class DockerCommands {
    private static final Pattern PUSHED_DIGEST = Pattern.compile("digest: (sha256:[0-9a-f]{64})");
    /** BuildKit on: the 20.10 client has it built in, newer clients hand builds to buildx. */
    private static final Map<String, String> BUILDKIT = Map.of("DOCKER_BUILDKIT", "1");

    private final String docker;
    private final String network;
    private final java.nio.file.Path config;

    /**
     * @param docker the docker client executable
     * @param network the network for RUN steps ({@code host}, {@code none}...), or null for Docker's default
     * @param config the docker config directory (registry logins), or null for docker's default
     */
    public DockerCommands(String docker, String network, java.nio.file.Path config) {
        this.docker = docker;
        this.network = network;
        this.config = config;
    }

    /** The client and, when set, {@code --config DIR}: the start of every command line. */
    private List<String> client(String... args) {
        List<String> command = new ArrayList<>(List.of(docker));
        if (config != null) {
            command.addAll(List.of("--config", config.toString()));
        }
        command.addAll(List.of(args));
        return command;
    }

    public String executable() {
        return docker;
    }

    public Command build(BuildTarget target) {
        List<String> args = client("build", "--progress=plain", "--file", target.spec().dockerfilePath().toString());
        target.buildArgs().forEach((k, v) -> args.addAll(List.of("--build-arg", k + "=" + v)));
        if (target.spec().target() != null) {
            args.addAll(List.of("--target", target.spec().target()));
        }
        target.spec().cacheFrom().forEach(image -> args.addAll(List.of("--cache-from", image)));
        target.spec().labels().forEach((k, v) -> args.addAll(List.of("--label", k + "=" + v)));
        if (network != null) {
            args.addAll(List.of("--network", network));
        }
        args.addAll(List.of("--tag", target.image().toString(), target.spec().context().toString()));
        return Command.of(args).withEnvironment(BUILDKIT);
    }

    public Command push(ImageName image) {
        return Command.of(client("push", image.toString()));
    }

    /** Prints "{@code <image id> <size in bytes>}". */
    public Command inspect(ImageName image) {
        return Command.of(client("image", "inspect", "--format", "{{.Id}} {{.Size}}", image.toString()));
    }

    public Command clientVersion() {
        return Command.of(client("version", "--format", "{{.Client.Version}}"));
    }

    public Command buildxVersion() {
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
