package io.jenkins.plugins.ecrpipeline.cli;

import io.jenkins.plugins.ecrpipeline.deploy.DeployReport;
import io.jenkins.plugins.ecrpipeline.deploy.DeployRequest;
import io.jenkins.plugins.ecrpipeline.deploy.DeployTarget;
import io.jenkins.plugins.ecrpipeline.deploy.Deployment;
import io.jenkins.plugins.ecrpipeline.process.Host;
import io.jenkins.plugins.ecrpipeline.promote.PromotionReportFile;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code deploy -- CMD}: the team's deploy command, once per promoted service, with its digest and the agent's credentials. */
@Command(name = "deploy", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Runs the deploy command once per service, with IMAGE (host/repository), IMAGE_DIGEST (sha256:...), IMAGE_TAG and "
                    + "IMAGE_SERVICE set, and AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN and AWS_REGION from the "
                    + "agent's own credentials (fresh when each service starts). Deploy $IMAGE@$IMAGE_DIGEST to ship exactly "
                    + "what was promoted. Output is printed as it comes, prefixed with [service], secret values masked; the "
                    + "first failing service stops the rest, and the run exits 1 with the command's last lines.", ""},
        footer = {"", "Example:",
            "  ecr-image-pipeline promote ... --report promoted.json",
            "  ecr-image-pipeline deploy --promotion promoted.json -- ./deploy.sh"})
final class DeployCommand implements Callable<Integer> {
    @Option(names = "--promotion", paramLabel = "FILE", description = "Deploy every service of this promotion report (promote --report).")
    String promotion;

    @Option(names = "--image", paramLabel = "SERVICE=REF",
            description = "Deploy this image: SERVICE=host/repository:tag@sha256:.... Repeatable.")
    List<String> images = new ArrayList<>();

    @Option(names = "--no-aws-credentials", description = "Do not give the command AWS credentials.")
    boolean noCredentials;

    @Mixin
    AwsOptions aws;

    @Parameters(arity = "1..*", paramLabel = "COMMAND", description = "The deploy command and its arguments (after --).")
    List<String> command = new ArrayList<>();

    private final CliContext context;

    DeployCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws InterruptedException {
        Host host = context.host(context.stdout());
        List<DeployTarget> targets = new ArrayList<>();
        if (promotion != null) {
            String file = host.resolve(promotion).toString();
            byte[] json = host.files().read(file).orElseThrow(() -> io.jenkins.plugins.ecrpipeline.PipelineException.forField(
                    io.jenkins.plugins.ecrpipeline.RequestField.PROMOTION_REPORT, "no promotion report at " + file + "; write one with promote --report"));
            targets.addAll(DeployTarget.promoted(PromotionReportFile.read(json, file)));
        }
        for (String image : images) {
            int equals = image.indexOf('=');
            targets.add(equals > 0 ? DeployTarget.parse(image.substring(0, equals), image.substring(equals + 1))
                    : DeployTarget.parse(null, image));
        }
        DeployReport report = Deployment.deploy(new DeployRequest(command, targets,
                noCredentials ? null : aws.singleSession(context.environment())), host);
        return report.succeeded() ? ExitCodes.OK : ExitCodes.SERVICE_FAILED;
    }
}
