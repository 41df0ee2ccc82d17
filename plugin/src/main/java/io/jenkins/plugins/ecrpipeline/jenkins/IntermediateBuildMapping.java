package io.jenkins.plugins.ecrpipeline.jenkins;

import io.jenkins.plugins.ecrpipeline.PipelineException;
import io.jenkins.plugins.ecrpipeline.RequestField;
import io.jenkins.plugins.ecrpipeline.ecr.EcrAuthorizationRequest;
import io.jenkins.plugins.ecrpipeline.intermediatebuild.BuildReport;
import io.jenkins.plugins.ecrpipeline.intermediatebuild.BuildRequest;
import io.jenkins.plugins.ecrpipeline.intermediatebuild.Durations;
import io.jenkins.plugins.ecrpipeline.intermediatebuild.ServiceResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * How {@code intermediateBuild}'s parameters become the engine's {@link BuildRequest}, and the engine's
 * {@link BuildReport} the step's return value or failure: plain functions, so that they are tested without Jenkins.
 */
final class IntermediateBuildMapping {
    private IntermediateBuildMapping() {
    }

    static BuildRequest request(IntermediateBuildStep step, Map<String, String> environment) {
        Map<String, String> args = keyValues(step.getBuildArgs(), RequestField.BUILD_ARGS, Messages::IntermediateBuildStep_NotKeyValue);
        EcrAuthorizationRequest login = !step.isEcrLogin() ? null
                : EcrAuthorizationRequest.ownAccount(StepAwsSessions.session(step.getRegion(), null, environment));
        return BuildRequest.builder().composeFile(step.getCompose()).services(Util.splitNames(step.getServices())).pattern(step.getPattern())
                .registry(step.getRegistry()).tag(step.getTag()).parallelism(step.getParallel()).buildArgs(args).push(step.isPush())
                .docker(step.getDocker()).network(step.getNetwork()).reportFile(reportFile(step.getReport(), step.getShard())).ecrLogin(login)
                .shard(step.getShard()).pushAttempts(step.getPushAttempts()).datedTag(step.getDatedTag()).registryCache(step.isRegistryCache())
                .ociLabels(step.isOciLabels()).attestations(step.isAttestations()).pull(step.isPull())
                .serviceTimeout(Durations.parse(step.getServiceTimeout(), "service timeout")).failFast(step.isFailFast())
                .smokeTests(keyValues(step.getSmokeTests(), RequestField.SMOKE_TESTS, Messages::IntermediateBuildStep_NotServiceCommand))
                .smokeTestNetwork(step.getSmokeTestNetwork()).build();
    }

    /**
     * The report's file name. A shard's report carries the shard ({@code ecr-image-pipeline-report-shard-1-of-2.json}):
     * the shards of one build run in parallel branches and archive into the same build, where one name would keep only
     * the last shard's report.
     */
    static String reportFile(String report, String shard) {
        if (report.isEmpty() || shard.isEmpty()) {
            return report;
        }
        String suffix = "-shard-" + shard.replace("/", "-of-");
        int dot = report.lastIndexOf('.');
        return dot > report.lastIndexOf('/') ? report.substring(0, dot) + suffix + report.substring(dot) : report + suffix;
    }

    /** @param notKeyValue the error for an entry without {@code =} */
    private static Map<String, String> keyValues(List<String> entries, RequestField field, Function<String, String> notKeyValue) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String entry : entries) {
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw PipelineException.forField(field, notKeyValue.apply(entry));
            }
            values.put(entry.substring(0, eq).strip(), entry.substring(eq + 1));
        }
        return values;
    }

    /** Plain maps for the Pipeline script: service, image, digest, size, duration (ms), result. */
    static List<Map<String, Object>> toPipeline(BuildReport report) {
        List<Map<String, Object>> services = new ArrayList<>();
        for (ServiceResult r : report.services()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("service", r.service());
            entry.put("image", r.image());
            entry.put("digest", r.digest());
            entry.put("sizeBytes", r.sizeBytes());
            entry.put("durationMillis", r.duration().toMillis());
            entry.put("result", r.outcome().name());
            services.add(entry);
        }
        return services;
    }

    /** Why the step fails, naming the services that failed; empty when every service succeeded. */
    static Optional<String> failure(BuildReport report) {
        return report.succeeded() ? Optional.empty() : Optional.of(Messages.IntermediateBuildStep_ServicesFailed(report.failures().size(),
                report.failures().stream().map(ServiceResult::service).collect(Collectors.joining(", "))));
    }
}
