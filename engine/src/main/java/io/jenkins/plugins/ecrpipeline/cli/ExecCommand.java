package io.jenkins.plugins.ecrpipeline.cli;

import io.jenkins.plugins.ecrpipeline.PipelineException;
import io.jenkins.plugins.ecrpipeline.aws.AwsEnvironment;
import io.jenkins.plugins.ecrpipeline.aws.AwsSession;
import io.jenkins.plugins.ecrpipeline.aws.CredentialBinding;
import io.jenkins.plugins.ecrpipeline.ecr.DockerConfigDir;
import io.jenkins.plugins.ecrpipeline.ecr.EcrLogins;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
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
                    + "when the command ends. Exits with the command's exit code.", ""},
        footer = {"", "Example:", "  ecr-image-pipeline exec --region eu-west-1 -- docker compose push"})
final class ExecCommand implements Callable<Integer> {
    @Mixin
    AwsOptions aws;

    @Option(names = "--no-docker-login", description = "Bind the credentials only; do not log docker in to ECR.")
    boolean noDockerLogin;

    @Option(names = "--no-own-account", description = "Log in only to the --assume-role accounts; the command gets the first role's credentials.")
    boolean noOwnAccount;

    @picocli.CommandLine.Mixin
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
        if (noDockerLogin) {
            // Credentials only: the command keeps the user's own DOCKER_CONFIG.
            try (AwsSession session = AwsSession.open(aws.singleSession(env), env)) {
                return run(session.binding(), null, List.of());
            }
        }
        DockerConfigDir config = DockerConfigDir.createPrivate(Path.of(System.getProperty("java.io.tmpdir")),
                DockerConfigDir.userDefault(context.environment(), env.home()));
        try (EcrLogins logins = EcrLogins.open(aws.loginTargets(env, !noOwnAccount, List.of()), aws.settings(env), env, context.runner(),
                docker.executable(context.environment()), config, line -> context.err().println(line), context.clock())) {
            return run(logins.primarySession().binding(), config.path(), logins.hosts());
        }
    }

    /** Runs the command with the bound credentials and, when given, the private docker config and its registries. */
    private int run(CredentialBinding binding, Path dockerConfig, List<String> registries) throws InterruptedException {
        ProcessBuilder child = new ProcessBuilder(command).inheritIO();
        Map<String, String> childEnv = child.environment();
        childEnv.clear();
        childEnv.putAll(context.environment());
        childEnv.remove("AWS_SESSION_TOKEN");
        childEnv.remove("AWS_PROFILE");
        childEnv.putAll(binding.environment());
        if (dockerConfig != null) {
            childEnv.put("DOCKER_CONFIG", dockerConfig.toString());
            childEnv.put("AWS_ECR_DOMAIN", registries.get(0));
            childEnv.put("AWS_ECR_REGISTRIES", String.join(",", registries));
        }
        context.err().flush();
        context.out().flush();
        try {
            return child.start().waitFor();
        } catch (IOException e) {
            throw new PipelineException("cannot run '" + command.get(0) + "': " + e.getMessage(), e);
        }
    }
}
