package io.jenkins.plugins.ecrpipeline.cli;

import io.jenkins.plugins.ecrpipeline.imagebuild.BuildPlan;
import io.jenkins.plugins.ecrpipeline.imagebuild.BuildReport;
import io.jenkins.plugins.ecrpipeline.imagebuild.BuildRequest;
import io.jenkins.plugins.ecrpipeline.imagebuild.NightlyBuild;
import io.jenkins.plugins.ecrpipeline.imagebuild.ReportFile;
import io.jenkins.plugins.ecrpipeline.imagebuild.ServiceResult;
import io.jenkins.plugins.ecrpipeline.process.Host;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code build}: the nightly intermediate build of a compose project ({@link NightlyBuild}). */
@Command(name = "build", sortOptions = false, usageHelpAutoWidth = true, mixinStandardHelpOptions = true,
        description = {
            "Builds the images of a docker-compose project with BuildKit and pushes them as <registry>/<repository>:<tag>.",
            "",
            "Each build gets --build-arg BUILD_DATE=<UTC yyyyMMddHHmmss>: declare 'ARG BUILD_DATE' in a Dockerfile right "
                    + "before the step that must rerun every night; the layers above it stay cached.",
            "The repository is the path of the service's 'image:' (without registry and tag), or the service name.",
            "A failed build is never pushed, so the registry keeps the last good image under the tag.",
            ""},
        footerHeading = "%nExamples:%n",
        footer = {
            "  The original nightly job: every service whose name contains -production or -qa, pushed as :intermediate:",
            "    ecr-image-pipeline build -f docker-compose.yml --pattern '-(production|qa)' --ecr-login",
            "  Only names that end in -production or -qa (not reports-production-worker): --pattern '-(production|qa)$'",
            "  Show what would be built, without running docker:",
            "    ecr-image-pipeline build --pattern '-(production|qa)' --registry 123456789012.dkr.ecr.eu-west-1.amazonaws.com --plan",
            "  Build two services locally, without pushing, and keep a JSON report:",
            "    ecr-image-pipeline build --services web-production,worker-production --no-push --report build.json",
            "",
            "Exit codes: 0 all succeeded, 1 a service failed (see the summary), 2 invalid input (nothing built)."})
final class BuildCommand implements Callable<Integer> {
    @Option(names = {"-f", "--compose"}, paramLabel = "FILE", defaultValue = BuildRequest.DEFAULT_COMPOSE_FILE,
            description = "The compose file (default: ${DEFAULT-VALUE}). Its directory's .env is read for variables.")
    String composeFile;

    @Option(names = "--services", paramLabel = "NAME", split = ",", description = "Build only these services (comma-separated or repeated).")
    List<String> services = new ArrayList<>();

    @Option(names = "--pattern", paramLabel = "REGEX", description = "Build the services whose name contains a match; the original nightly "
            + "rule is '" + BuildRequest.NIGHTLY_PATTERN + "'. Default: every service with a build section.")
    String pattern;

    @Option(names = "--registry", paramLabel = "HOST[/PATH]", description = "Push to this registry, e.g. "
            + "123456789012.dkr.ecr.eu-west-1.amazonaws.com. Default: the ECR registry of --ecr-login, else each service's image.")
    String registry;

    @Option(names = "--tag", paramLabel = "TAG", defaultValue = BuildRequest.DEFAULT_TAG, description = "The tag to build and push (default: ${DEFAULT-VALUE}).")
    String tag;

    @Option(names = "--parallel", paramLabel = "N", description = "Build at most N services at once (default: the number of cores).")
    int parallel;

    @Option(names = "--build-arg", paramLabel = "KEY=VALUE", description = "An extra build argument for every service (repeatable); it wins over the compose file.")
    Map<String, String> buildArgs = new LinkedHashMap<>();

    @Option(names = "--build-date-arg", paramLabel = "NAME", defaultValue = BuildRequest.DEFAULT_BUILD_DATE_ARG,
            description = "The build argument that carries the build date (default: ${DEFAULT-VALUE}).")
    String buildDateArg;

    @Option(names = "--build-date", paramLabel = "VALUE", description = "The build date value (default: now, UTC yyyyMMddHHmmss).")
    String buildDate;

    @Option(names = "--no-build-date", description = "Do not pass a build date argument.")
    boolean noBuildDate;

    @Option(names = "--no-push", description = "Build and tag locally, do not push.")
    boolean noPush;

    @Option(names = "--report", paramLabel = "FILE", description = "Write the results as JSON to FILE.")
    String report;

    @Mixin
    DockerOption docker;

    @Option(names = "--network", paramLabel = "MODE", description = "Network for RUN steps during builds (host, none, ...). Default: Docker's.")
    String network;

    @Option(names = "--ecr-login", description = "Log docker in to ECR with the agent's own AWS credentials first (private docker config, "
            + "deleted after), renew the login before any push that would outlive it, and push to that registry unless --registry is given.")
    boolean ecrLogin;

    @Option(names = "--plan", arity = "0..1", fallbackValue = "table", paramLabel = "table|json",
            description = "Print the plan (order, service, image, build args) as a table or as JSON, and stop: no docker, no AWS.")
    String plan;

    @Mixin
    AwsOptions aws;

    private final CliContext context;

    BuildCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws InterruptedException {
        BuildRequest request = BuildRequest.builder().composeFile(composeFile).services(services).pattern(pattern).registry(registry)
                .tag(tag).parallelism(parallel).buildArgs(buildArgs).buildDateArg(noBuildDate ? null : buildDateArg).buildDate(buildDate)
                .push(!noPush).docker(docker.docker).network(network).reportFile(report)
                .ecrLogin(ecrLogin ? aws.authorization(context.environment(), true, List.of()) : null).build();
        Host host = context.host(context.stdout());
        if (plan != null) {
            BuildPlan planned = NightlyBuild.plan(request, host);
            if (plan.equals("json")) {
                context.out().println(ReportFile.json(planned));
            } else {
                planned.table().forEach(context.out()::println);
            }
            return ExitCodes.OK;
        }
        BuildReport result = NightlyBuild.run(request, host);
        for (ServiceResult failed : result.failures()) {
            context.err().println("error: " + failed.service() + ": " + failed.failure());
        }
        context.err().flush();
        return result.succeeded() ? ExitCodes.OK : ExitCodes.SERVICE_FAILED;
    }
}
