package io.jenkins.plugins.ecrpipeline.intermediatebuild;

import java.time.Instant;
import java.util.List;

/**
 * The outcome of a build run, written as the JSON result file.
 *
 * @param startedAt when the run started
 * @param finishedAt when the last service finished
 * @param buildDate the cache-busting build date passed to every build, or null
 * @param services one result per selected service, in compose file order
 */
public record BuildReport(Instant startedAt, Instant finishedAt, String buildDate, List<ServiceResult> services)
        implements java.io.Serializable {
    public BuildReport {
        services = List.copyOf(services);
    }

    public List<ServiceResult> failures() {
        return services.stream().filter(s -> s.outcome().failed()).toList();
    }

    public boolean succeeded() {
        return failures().isEmpty();
    }

    /** The same report with secrets taken out of the failure reasons (what a build keeps after the console). */
    public BuildReport redacted(io.jenkins.plugins.ecrpipeline.process.Redaction redaction) {
        return new BuildReport(startedAt, finishedAt, buildDate, services.stream().map(s -> new ServiceResult(s.service(), s.image(),
                s.outcome(), s.digest(), s.imageId(), s.sizeBytes(), s.duration(), redaction.apply(s.failure()), s.tags(), s.phases())).toList());
    }
}
