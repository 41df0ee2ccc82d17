package io.jenkins.plugins.ecrpipeline.cli;

import io.jenkins.plugins.ecrpipeline.intermediatebuild.BuildPlan;
import io.jenkins.plugins.ecrpipeline.intermediatebuild.BuildReport;
import io.jenkins.plugins.ecrpipeline.intermediatebuild.BuildRequest;
import io.jenkins.plugins.ecrpipeline.intermediatebuild.Durations;
import io.jenkins.plugins.ecrpipeline.intermediatebuild.IntermediateBuild;
import io.jenkins.plugins.ecrpipeline.intermediatebuild.ServiceResult;
import io.jenkins.plugins.ecrpipeline.process.Host;
import io.jenkins.plugins.ecrpipeline.report.ReportFile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code build}: the nightly intermediate build of a compose project ({@link IntermediateBuild}). */
@Command(name = "build", sortOptions = false, usageHelpAutoWidth = true, mixinStandardHelpOptions = true,
        resourceBundle = "io.jenkins.plugins.ecrpipeline.cli.IntermediateBuildCommand")
final class IntermediateBuildCommand implements Callable<Integer> {
    @Option(names = {"-f", "--compose"}, paramLabel = "FILE", defaultValue = BuildRequest.DEFAULT_COMPOSE_FILE)
    String composeFile;
    @Option(names = "--services", paramLabel = "NAME", split = ",")
    List<String> services = new ArrayList<>();
    @Option(names = "--pattern", paramLabel = "REGEX")
    String pattern;
    @Option(names = "--registry", paramLabel = "HOST[/PATH]")
    String registry;
    @Option(names = "--tag", paramLabel = "TAG", defaultValue = BuildRequest.DEFAULT_TAG)
    String tag;
    @Option(names = "--parallel", paramLabel = "N")
    int parallel;
    @Option(names = "--build-arg", paramLabel = "KEY=VALUE")
    Map<String, String> buildArgs = new LinkedHashMap<>();
    @Option(names = "--build-date-arg", paramLabel = "NAME", defaultValue = BuildRequest.DEFAULT_BUILD_DATE_ARG)
    String buildDateArg;
    @Option(names = "--build-date", paramLabel = "VALUE")
    String buildDate;
    @Option(names = "--no-build-date")
    boolean noBuildDate;
    @Option(names = "--no-push")
    boolean noPush;
    @Option(names = "--report", paramLabel = "FILE")
    String report;
    @Mixin
    DockerOption docker;
    @Option(names = "--network", paramLabel = "MODE")
    String network;
    @Option(names = "--ecr-login")
    boolean ecrLogin;
    @Option(names = "--plan", arity = "0..1", fallbackValue = "table", paramLabel = "table|json")
    String plan;
    @Option(names = "--shard", paramLabel = "I/N")
    String shard;
    @Option(names = "--push-attempts", paramLabel = "N", defaultValue = "" + BuildRequest.DEFAULT_PUSH_ATTEMPTS)
    int pushAttempts;
    @Option(names = "--dated-tag", paramLabel = "TEMPLATE", defaultValue = BuildRequest.DEFAULT_DATED_TAG)
    String datedTag;
    @Option(names = "--no-dated-tag")
    boolean noDatedTag;
    @Option(names = "--no-registry-cache")
    boolean noRegistryCache;
    @Option(names = "--no-oci-labels")
    boolean noOciLabels;
    @Option(names = "--attestations")
    boolean attestations;
    @Option(names = "--pull")
    boolean pull;
    @Option(names = "--service-timeout", paramLabel = "DURATION")
    String serviceTimeout;
    @Option(names = "--fail-fast")
    boolean failFast;
    @Option(names = "--smoke-test", paramLabel = "SERVICE=COMMAND")
    Map<String, String> smokeTests = new LinkedHashMap<>();
    @Option(names = "--smoke-test-network", paramLabel = "MODE", defaultValue = BuildRequest.DEFAULT_SMOKE_TEST_NETWORK)
    String smokeTestNetwork;
    @Mixin
    AwsOptions aws;

    private final CliContext context;

    IntermediateBuildCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws InterruptedException {
        BuildRequest request = BuildRequest.builder().composeFile(composeFile).services(services).pattern(pattern).registry(registry)
                .tag(tag).parallelism(parallel).buildArgs(buildArgs).buildDateArg(noBuildDate ? null : buildDateArg).buildDate(buildDate)
                .push(!noPush).docker(docker.docker).network(network).reportFile(report).shard(shard).pushAttempts(pushAttempts)
                .datedTag(noDatedTag ? null : datedTag).registryCache(!noRegistryCache).ociLabels(!noOciLabels).attestations(attestations)
                .pull(pull).serviceTimeout(Durations.parse(serviceTimeout, "service timeout")).failFast(failFast).smokeTests(smokeTests)
                .smokeTestNetwork(smokeTestNetwork)
                .ecrLogin(ecrLogin ? aws.authorization(context.environment(), true, List.of()) : null).build();
        Host host = context.host(context.stdout());
        if (plan != null) {
            BuildPlan planned = IntermediateBuild.plan(request, host);
            if (plan.equals("json")) {
                context.out().println(ReportFile.json(planned));
            } else {
                planned.table().forEach(context.out()::println);
            }
            return ExitCodes.OK;
        }
        BuildReport result = IntermediateBuild.run(request, host);
        for (ServiceResult failed : result.failures()) {
            context.err().println("error: " + failed.service() + ": " + failed.failure());
        }
        context.err().flush();
        return result.succeeded() ? ExitCodes.OK : ExitCodes.SERVICE_FAILED;
    }
}
