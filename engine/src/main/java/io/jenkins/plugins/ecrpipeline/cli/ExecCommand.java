package io.jenkins.plugins.ecrpipeline.cli;

import io.jenkins.plugins.ecrpipeline.aws.AwsEnvironment;
import io.jenkins.plugins.ecrpipeline.aws.AwsIdentity;
import io.jenkins.plugins.ecrpipeline.aws.CredentialBinding;
import io.jenkins.plugins.ecrpipeline.docker.DockerClient;
import io.jenkins.plugins.ecrpipeline.docker.DockerConfigDir;
import io.jenkins.plugins.ecrpipeline.ecr.EcrDockerLogin;
import io.jenkins.plugins.ecrpipeline.process.Host;
import io.jenkins.plugins.ecrpipeline.process.Console;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code exec -- CMD}: one command with the agent's AWS credentials bound and docker logged in to ECR. */
@Command(name = "exec", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Runs a command with AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN and AWS_REGION set from the agent's own "
                    + "credentials (fresh when the command starts), and DOCKER_CONFIG pointing at a private config (mode 0700) "
                    + "logged in to ECR; AWS_ECR_DOMAIN and AWS_ECR_REGISTRIES name the registries. The private config is deleted "
                    + "when the command ends. Its output (standard output and error) is printed as it comes; it reads no "
                    + "standard input. Exits with the command's exit code.", ""},
        footer = {"", "Example:", "  ecr-image-pipeline exec --region eu-west-1 -- docker compose push"})
final class ExecCommand implements Callable<Integer> {
    @Mixin
    AwsOptions aws;

    @Option(names = "--no-docker-login", description = "Bind the credentials only; do not log docker in to ECR.")
    boolean noDockerLogin;

    @Option(names = "--no-own-account", description = "Log in only to the --assume-role accounts; the command gets the first role's credentials.")
    boolean noOwnAccount;

    @Mixin
    DockerOption docker;

    @Parameters(arity = "1..*", paramLabel = "COMMAND", description = "The command and its arguments (after --).")
    List<String> command = new ArrayList<>();

    private final CliContext context;

    ExecCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws InterruptedException {
        AwsEnvironment env = AwsEnvironment.of(context.environment());
        CredentialBinding binding = AwsIdentity.bind(aws.singleSession(context.environment()), env);
        if (noDockerLogin) {
            // Credentials only: the command keeps the user's own DOCKER_CONFIG.
            return run(binding, Map.of());
        }
        Host host = context.host(context.stderr());
        DockerConfigDir config = DockerConfigDir.createPrivate(host.files(), host.userDockerConfig());
        try (EcrDockerLogin login = EcrDockerLogin.openWithLocalCredentials(aws.authorization(context.environment(), !noOwnAccount, List.of()),
                DockerClient.named(docker.docker, context.environment()), config, host)) {
            return run(binding, Map.of("DOCKER_CONFIG", config.path().toString(), "AWS_ECR_DOMAIN", login.primaryHost(),
                    "AWS_ECR_REGISTRIES", String.join(",", login.hosts())));
        }
    }

    /** Runs the command through the host's runner with the bound credentials and the docker variables added. */
    private int run(CredentialBinding binding, Map<String, String> dockerVariables) throws InterruptedException {
        Map<String, String> added = new HashMap<>(binding.revealForChildProcess());
        added.putAll(dockerVariables);
        Console out = context.stdout();
        return context.runner().run(io.jenkins.plugins.ecrpipeline.process.Command.of(command).withEnvironment(added), out::line).exitCode();
    }
}
