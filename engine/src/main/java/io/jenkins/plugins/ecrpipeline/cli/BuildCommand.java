package io.jenkins.plugins.ecrpipeline.cli;

import io.jenkins.plugins.ecrpipeline.build.BuildDate;
import io.jenkins.plugins.ecrpipeline.build.BuildOptions;
import io.jenkins.plugins.ecrpipeline.build.BuildPlanner;
import io.jenkins.plugins.ecrpipeline.build.BuildReport;
import io.jenkins.plugins.ecrpipeline.build.BuildRunner;
import io.jenkins.plugins.ecrpipeline.build.BuildTarget;
import io.jenkins.plugins.ecrpipeline.build.DockerCommands;
import io.jenkins.plugins.ecrpipeline.build.DockerPreflight;
import io.jenkins.plugins.ecrpipeline.build.ReportFile;
import io.jenkins.plugins.ecrpipeline.build.ServiceResult;
import io.jenkins.plugins.ecrpipeline.build.SummaryTable;
import io.jenkins.plugins.ecrpipeline.aws.AwsEnvironment;
import io.jenkins.plugins.ecrpipeline.compose.ComposeLoader;
import io.jenkins.plugins.ecrpipeline.compose.ComposeProject;
import io.jenkins.plugins.ecrpipeline.compose.ServiceSelection;
import io.jenkins.plugins.ecrpipeline.ecr.DockerConfigDir;
import io.jenkins.plugins.ecrpipeline.ecr.EcrLogins;
import io.jenkins.plugins.ecrpipeline.process.Console;
import io.jenkins.plugins.ecrpipeline.registry.RegistryProbe;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code build}: the nightly intermediate build of a compose project. */
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
            "  Build and push every *-production and *-qa service as :intermediate:",
            "    ecr-image-pipeline build -f docker-compose.yml \\",
            "        --pattern '-(production|qa)$' \\",
            "        --registry 123456789012.dkr.ecr.eu-west-1.amazonaws.com",
            "  Build two services locally, without pushing, and keep a JSON report:",
            "    ecr-image-pipeline build --services web-production,worker-production \\",
            "        --no-push --report build.json",
            "",
            "Exit codes: 0 all succeeded, 1 a service failed (see the summary), 2 invalid input (nothing built)."})
final class BuildCommand implements Callable<Integer> {
    @Option(names = {"-f", "--compose"}, paramLabel = "FILE", defaultValue = "docker-compose.yml",
            description = "The compose file (default: ${DEFAULT-VALUE}). Its directory's .env is read for variables.")
    Path composeFile;

    @Option(names = "--services", paramLabel = "NAME", split = ",",
            description = "Build only these services (comma-separated or repeated).")
    List<String> services = new ArrayList<>();

    @Option(names = "--pattern", paramLabel = "REGEX",
            description = "Build the services whose name contains a match, e.g. '-(production|qa)$'. Default: every service with a build section.")
    String pattern;

    @Option(names = "--registry", paramLabel = "HOST[/PATH]",
            description = "Push to this registry, e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com. Default: the registry in each service's image.")
    String registry;

    @Option(names = "--tag", paramLabel = "TAG", defaultValue = "intermediate", description = "The tag to build and push (default: ${DEFAULT-VALUE}).")
    String tag;

    @Option(names = "--parallel", paramLabel = "N", description = "Build at most N services at once (default: the number of cores).")
    Integer parallel;

    @Option(names = "--build-arg", paramLabel = "KEY=VALUE",
            description = "An extra build argument for every service (repeatable); it wins over the compose file.")
    Map<String, String> buildArgs = new LinkedHashMap<>();

    @Option(names = "--build-date-arg", paramLabel = "NAME", defaultValue = "BUILD_DATE",
            description = "The build argument that carries the build date (default: ${DEFAULT-VALUE}).")
    String buildDateArg;

    @Option(names = "--build-date", paramLabel = "VALUE", description = "The build date value (default: now, UTC yyyyMMddHHmmss).")
    String buildDate;

    @Option(names = "--no-build-date", description = "Do not pass a build date argument.")
    boolean noBuildDate;

    @Option(names = "--no-push", description = "Build and tag locally, do not push.")
    boolean noPush;

    @Option(names = "--report", paramLabel = "FILE", description = "Write the results as JSON to FILE.")
    Path report;

    @picocli.CommandLine.Mixin
    DockerOption docker;

    @Option(names = "--network", paramLabel = "MODE", description = "Network for RUN steps during builds (host, none, ...). Default: Docker's.")
    String network;

    @Option(names = "--ecr-login", description = "Log docker in to ECR with the agent's own AWS credentials first (private docker config, "
            + "deleted after), renew the login before any push that would outlive it, and push to that registry unless --registry is given.")
    boolean ecrLogin;

    @picocli.CommandLine.Mixin
    AwsOptions aws;

    private final CliContext context;

    BuildCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws InterruptedException {
        Console console = line -> {
            synchronized (context.out()) {
                context.out().println(line);
                context.out().flush();
            }
        };
        boolean push = !noPush;
        String date = noBuildDate ? null : buildDate != null ? buildDate : BuildDate.of(context.clock().instant());
        BuildOptions options = new BuildOptions(registry, tag, buildArgs, noBuildDate ? null : buildDateArg, date, push);

        ComposeProject project = new ComposeLoader(context.environment()).load(composeFile);
        ServiceSelection selection = new ServiceSelection(services, pattern);
        // Selected once here so a wrong name fails before any AWS call; the planner selects again (cheap).
        selection.select(project);
        if (!ecrLogin) {
            return build(project, selection, options, null, date, push, console);
        }
        AwsEnvironment env = AwsEnvironment.of(context.environment());
        DockerConfigDir config = DockerConfigDir.createPrivate(java.nio.file.Path.of(System.getProperty("java.io.tmpdir")),
                DockerConfigDir.userDefault(context.environment(), env.home()));
        try (EcrLogins logins = EcrLogins.open(aws.loginTargets(env, true, List.of()), aws.settings(env), env,
                context.runner(), docker.executable(context.environment()), config, console, context.clock())) {
            BuildOptions withRegistry = registry != null ? options
                    : new BuildOptions(logins.hosts().get(0), tag, buildArgs, options.buildDateArg(), date, push);
            return build(project, selection, withRegistry, logins, date, push, console);
        }
    }

    private int build(ComposeProject project, ServiceSelection selection, BuildOptions options, EcrLogins logins, String date,
            boolean push, Console console) throws InterruptedException {
        List<BuildTarget> targets = new BuildPlanner(options).plan(project, selection);
        DockerCommands commands = new DockerCommands(docker.executable(context.environment()), network, logins == null ? null : logins.config().path());
        String clientVersion = new DockerPreflight(context.runner(), commands).requireBuildKit();
        if (push) {
            RegistryProbe probe = new RegistryProbe(Duration.ofSeconds(5));
            for (String host : new LinkedHashSet<>(targets.stream().map(t -> t.image().registry()).toList())) {
                probe.requireReachable(host);
            }
        }
        int parallelism = parallel != null ? parallel : Runtime.getRuntime().availableProcessors();
        console.line("Building " + targets.size() + " service(s) from " + project.file() + " with docker " + clientVersion
                + ", up to " + parallelism + " at a time" + (date != null ? ", " + buildDateArg + "=" + date : "")
                + (push ? "" : ", without pushing") + ":");
        targets.forEach(t -> console.line("  " + t.service() + " -> " + t.image()));

        BuildRunner.PushGate gate = logins == null ? target -> { } : target -> logins.ensureFresh();
        BuildReport result = new BuildRunner(context.runner(), commands, console, context.clock(), parallelism, gate)
                .run(targets, date, push);

        console.line("");
        SummaryTable.render(result).forEach(console::line);
        if (report != null) {
            ReportFile.write(result, report);
            console.line("Report: " + report.toAbsolutePath());
        }
        if (!result.succeeded()) {
            for (ServiceResult failed : result.failures()) {
                context.err().println("error: " + failed.service() + ": " + failed.failure());
            }
            context.err().flush();
            return ExitCodes.SERVICE_FAILED;
        }
        return ExitCodes.OK;
    }

}
