package io.jenkins.plugins.ecrpipeline.cli;

import io.jenkins.plugins.ecrpipeline.PipelineException;
import io.jenkins.plugins.ecrpipeline.RequestField;
import io.jenkins.plugins.ecrpipeline.promote.ImagePromotion;
import io.jenkins.plugins.ecrpipeline.promote.PromotionReport;
import io.jenkins.plugins.ecrpipeline.promote.PromotionRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code promote}: moves a tested image to its release tags without pulling it. */
@Command(name = "promote", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Promotes images without pulling them: the source's manifest is tagged again in the same repository (ECR: "
                    + "BatchGetImage and PutImage; other registries: manifest GET and PUT), or copied to another repository or "
                    + "registry through the registry API with only the missing blobs mounted or copied. Multi-arch indexes are "
                    + "promoted whole. Every source is read and checked before anything changes; an expected digest that does "
                    + "not match fails the run with nothing promoted.",
            "Prints what moved, then a table (service, from, to, digest, bytes copied, result); --report writes it as JSON "
                    + "for 'deploy'.", ""},
        footer = {"", "Examples:",
            "  ecr-image-pipeline promote --ecr-api --image 123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:intermediate \\",
            "      --to production --expect-digest sha256:...",
            "  ecr-image-pipeline promote --ecr-api --registry 123456789012.dkr.ecr.eu-west-1.amazonaws.com \\",
            "      --services web,api --from candidate --to release --to-registry 210987654321.dkr.ecr.eu-west-1.amazonaws.com \\",
            "      --assume-role arn:aws:iam::210987654321:role/image-pusher --report promoted.json"})
final class PromoteCommand implements Callable<Integer> {
    @Option(names = "--image", paramLabel = "REF",
            description = "The image to promote: host/repository:tag, or host/repository@sha256:... to pin exactly what was tested.")
    String image;

    @Option(names = "--service", paramLabel = "NAME", description = "The name --image goes by in the results (default: the repository's last part).")
    String service;

    @Option(names = "--services", split = ",", paramLabel = "NAME", description = "Promote these services: <registry>/<service>:<from>.")
    List<String> services = new ArrayList<>();

    @Option(names = "--registry", paramLabel = "HOST[/PATH]", description = "The registry (and path) the services were pushed to.")
    String registry;

    @Option(names = "--from", paramLabel = "TAG", description = "The services' tag to promote (e.g. intermediate, candidate).")
    String from;

    @Option(names = "--to", required = true, paramLabel = "TAG|REF",
            description = "A target: a tag in the same repository, or (with --image) host/repository:tag elsewhere. Repeatable.")
    List<String> to = new ArrayList<>();

    @Option(names = "--to-registry", paramLabel = "HOST[/PATH]",
            description = "Promote the services into this registry (and path) instead of their own repositories.")
    String toRegistry;

    @Option(names = "--expect-digest", paramLabel = "[SERVICE=]DIGEST",
            description = "Refuse to promote unless the source has this digest (the one that was tested). SERVICE= with --services. Repeatable.")
    List<String> expectDigests = new ArrayList<>();

    // --ecr-login is the old name, kept so that existing scripts work: no docker login happens, ECR's API and ECR passwords are used.
    @Option(names = {"--ecr-api", "--ecr-login"},
            description = "Use this machine's AWS credentials for ECR registries: ECR's API for retags, ECR passwords for copies "
                    + "(another account's through --assume-role). Without it, logins come from the docker config. --ecr-login is the "
                    + "old, deprecated name.")
    boolean ecrApi;

    @Mixin
    AwsOptions aws;

    @Option(names = "--regions", split = ",", paramLabel = "REGION",
            description = "With --ecr-api: the registries of these regions too (a promotion from one region to another).")
    List<String> regions = new ArrayList<>();

    @Option(names = "--docker-config", paramLabel = "DIR",
            description = "Read registry logins ('docker login') from this directory's config.json (default: $DOCKER_CONFIG, else ~/.docker).")
    String dockerConfig;

    @Option(names = "--report", paramLabel = "FILE", description = "Write the results as JSON (the input of 'deploy --promotion').")
    String report;

    private final CliContext context;

    PromoteCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws InterruptedException {
        PromotionRequest.Builder request = PromotionRequest.builder();
        if (image != null) {
            if (!services.isEmpty()) {
                throw PipelineException.forField(RequestField.SERVICES, "give one image, or services with a registry, not both");
            }
            if (expectDigests.size() > 1) {
                throw PipelineException.forField(RequestField.EXPECTED_DIGEST, "one image has one expected digest; " + expectDigests.size() + " were given");
            }
            String expected = expectDigests.isEmpty() ? null : expectDigests.get(0).substring(expectDigests.get(0).indexOf('=') + 1);
            request.image(service, image, to, expected);
        } else {
            if (services.isEmpty()) {
                throw PipelineException.forField(RequestField.SOURCE, "name what to promote: an image, or services with their registry and tag");
            }
            request.services(services, registry, from, to, toRegistry);
            for (String e : expectDigests) {
                if (!e.contains("=")) {
                    throw PipelineException.forField(RequestField.EXPECTED_DIGEST, "with several services, write SERVICE=DIGEST, e.g. web=sha256:...");
                }
                request.expectDigest(e.substring(0, e.indexOf('=')), e.substring(e.indexOf('=') + 1));
            }
        }
        request.ecrApi(ecrApi ? aws.authorization(context.environment(), true, regions) : null)
                .dockerConfig(dockerConfig).reportFile(report);
        PromotionReport result = ImagePromotion.promote(request.build(), context.host(context.stdout()));
        return result.failures().isEmpty() ? ExitCodes.OK : ExitCodes.SERVICE_FAILED;
    }
}
