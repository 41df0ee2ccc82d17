package io.jenkins.plugins.ecrpipeline.cli;

import io.jenkins.plugins.ecrpipeline.aws.AwsEnvironment;
import io.jenkins.plugins.ecrpipeline.docker.DockerClient;
import io.jenkins.plugins.ecrpipeline.docker.DockerConfigDir;
import io.jenkins.plugins.ecrpipeline.ecr.EcrDockerLogin;
import io.jenkins.plugins.ecrpipeline.process.Host;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code login}: docker logged in to ECR with the agent's own credentials, for the whole agent. */
@Command(name = "login", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Logs docker in to ECR with the agent's own AWS credentials (instance profile, or the rest of the SDK's default "
                    + "chain), writing the login into a docker config directory (default: $DOCKER_CONFIG, else ~/.docker).",
            "Prints the registry hosts, one per line. The password goes to 'docker login --password-stdin' and is never printed.",
            "Without a credential helper (credsStore/credHelpers in config.json), docker stores the password base64-encoded, "
                    + "not encrypted, in that directory's config.json until it expires (12 h): keep the directory private. "
                    + "For a login that lives only as long as one command, use 'exec'.", ""})
final class LoginCommand implements Callable<Integer> {
    @Mixin
    AwsOptions aws;

    @Option(names = "--regions", split = ",", paramLabel = "REGION", description = "Log in to the registries of these regions too.")
    List<String> regions = new ArrayList<>();

    @Option(names = "--no-own-account", description = "Log in only to the --assume-role accounts, not the agent's own.")
    boolean noOwnAccount;

    @Option(names = "--docker-config", paramLabel = "DIR", description = "Write the login here (default: $DOCKER_CONFIG, else ~/.docker).")
    Path dockerConfig;

    @Mixin
    DockerOption docker;

    private final CliContext context;

    LoginCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws InterruptedException {
        AwsEnvironment env = AwsEnvironment.of(context.environment());
        Host host = context.host(context.stderr());
        String dir = dockerConfig != null ? dockerConfig.toString() : host.userDockerConfig();
        try (EcrDockerLogin login = EcrDockerLogin.openWithLocalCredentials(aws.authorization(context.environment(), !noOwnAccount, regions),
                DockerClient.named(docker.docker, context.environment()), DockerConfigDir.existing(host.files(), dir), host)) {
            if (login.config().storesPasswordsInFile(login.hosts())) {
                host.console().line("warning: no credential helper is configured in " + dir + "/config.json, so docker stored "
                        + "the ECR password there base64-encoded (not encrypted), valid for 12 h. Keep that directory private.");
            }
            login.hosts().forEach(context.out()::println);
        }
        return ExitCodes.OK;
    }
}
