package io.jenkins.plugins.ecrpipeline.cli;

import io.jenkins.plugins.ecrpipeline.PipelineException;
import io.jenkins.plugins.ecrpipeline.aws.AwsEnvironment;
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
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        DockerConfigDir config = DockerConfigDir.createPrivate(tmp, DockerConfigDir.userDefault(context.environment(), env.home()));
        List<String> regions = aws.region != null ? List.of(aws.region) : List.of();
        EcrLogins.Targets targets = new EcrLogins.Targets(!noOwnAccount, aws.roleSettings(env), regions);
        try (EcrLogins logins = noDockerLogin ? null : EcrLogins.open(targets, aws.settings(env), env, context.runner(), docker.executable(context.environment()),
                config, line -> context.err().println(line), context.clock())) {
            CredentialBinding binding = logins != null ? logins.primarySession().binding() : bindingOnly(env);
            ProcessBuilder child = new ProcessBuilder(command).inheritIO();
            Map<String, String> childEnv = child.environment();
            childEnv.clear();
            childEnv.putAll(context.environment());
            childEnv.remove("AWS_SESSION_TOKEN");
            childEnv.remove("AWS_PROFILE");
            childEnv.putAll(binding.environment());
            childEnv.put("DOCKER_CONFIG", config.path().toString());
            if (logins != null) {
                childEnv.put("AWS_ECR_DOMAIN", logins.hosts().get(0));
                childEnv.put("AWS_ECR_REGISTRIES", String.join(",", logins.hosts()));
            }
            context.err().flush();
            context.out().flush();
            try {
                return child.start().waitFor();
            } catch (IOException e) {
                throw new PipelineException("cannot run '" + command.get(0) + "': " + e.getMessage(), e);
            }
        } finally {
            config.close();
        }
    }

    private CredentialBinding bindingOnly(AwsEnvironment env) throws InterruptedException {
        var settings = aws.settings(env);
        var roles = aws.roleSettings(env);
        if (!roles.isEmpty()) {
            settings = settings.withAssumeRole(roles.get(0));
        }
        try (var session = io.jenkins.plugins.ecrpipeline.aws.AwsSession.open(settings, env)) {
            return session.binding();
        }
    }
}
