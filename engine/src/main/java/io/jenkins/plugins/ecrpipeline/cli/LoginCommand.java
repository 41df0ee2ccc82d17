package io.jenkins.plugins.ecrpipeline.cli;

import io.jenkins.plugins.ecrpipeline.aws.AwsEnvironment;
import io.jenkins.plugins.ecrpipeline.ecr.DockerConfigDir;
import io.jenkins.plugins.ecrpipeline.ecr.EcrLogins;
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
            "For a login that lives only as long as one command, use 'exec'.", ""})
final class LoginCommand implements Callable<Integer> {
    @Mixin
    AwsOptions aws;

    @Option(names = "--regions", split = ",", paramLabel = "REGION", description = "Log in to the registries of these regions too.")
    List<String> regions = new ArrayList<>();

    @Option(names = "--no-own-account", description = "Log in only to the --assume-role accounts, not the agent's own.")
    boolean noOwnAccount;

    @Option(names = "--docker-config", paramLabel = "DIR", description = "Write the login here (default: $DOCKER_CONFIG, else ~/.docker).")
    Path dockerConfig;

    @picocli.CommandLine.Mixin
    DockerOption docker;

    private final CliContext context;

    LoginCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws InterruptedException {
        AwsEnvironment env = AwsEnvironment.of(context.environment());
        Path dir = dockerConfig != null ? dockerConfig : DockerConfigDir.userDefault(context.environment(), env.home());
        try (EcrLogins logins = EcrLogins.open(aws.loginTargets(env, !noOwnAccount, regions), aws.settings(env), env, context.runner(), docker.executable(context.environment()),
                DockerConfigDir.existing(dir), line -> context.err().println(line), context.clock())) {
            logins.hosts().forEach(context.out()::println);
        }
        context.err().flush();
        return ExitCodes.OK;
    }

}
