package io.jenkins.plugins.ecrpipeline.cli;

import io.jenkins.plugins.ecrpipeline.aws.AwsEnvironment;
import io.jenkins.plugins.ecrpipeline.aws.AwsIdentity;
import io.jenkins.plugins.ecrpipeline.aws.CallerIdentity;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code whoami}: which AWS identity this agent acts as, and where its credentials come from. */
@Command(name = "whoami", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Prints the AWS account, the caller ARN, where the credentials came from (instance profile, environment, "
                + "profile, web identity, container, or an assumed role) and the region. Never prints a key or token.")
final class WhoamiCommand implements Callable<Integer> {
    @Mixin
    AwsOptions aws;

    private final CliContext context;

    WhoamiCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws InterruptedException {
        CallerIdentity me = AwsIdentity.whoami(aws.singleSession(context.environment()), AwsEnvironment.of(context.environment()));
        context.out().println("account:     " + me.account());
        context.out().println("arn:         " + me.arn());
        context.out().println("credentials: " + me.credentialSource());
        context.out().println("region:      " + me.region());
        return ExitCodes.OK;
    }
}
