package io.jenkins.plugins.ecrpipeline.cleanup;

import io.jenkins.plugins.ecrpipeline.PipelineException;
import io.jenkins.plugins.ecrpipeline.RequestField;
import io.jenkins.plugins.ecrpipeline.process.Host;
import io.jenkins.plugins.ecrpipeline.report.ByteSize;
import io.jenkins.plugins.ecrpipeline.report.ReportFile;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Cleans a registry by a policy, in the request's {@link CleanupRequest.Mode}: a dry run or planning and deleting
 * repository by repository ({@link PlanAndClean}), or applying an earlier plan file ({@link PlanApplication}). This
 * runner opens the backend, writes the lifecycle policy when asked, and prints and writes the report. The CLI and the
 * Jenkins step call these entry points.
 */
public final class ImageCleanup {
    private ImageCleanup() {
    }

    /**
     * Cleans in this JVM; with an ECR login the credentials are this JVM's (in Jenkins: run it on the agent).
     *
     * @return the report; {@link CleanupReport#succeeded()} is false when a planned delete failed
     */
    public static CleanupReport run(CleanupRequest request, Host host) throws InterruptedException {
        try (CleanupBackend backend = open(request, host)) {
            return run(request, host, backend);
        }
    }

    /** The backend the request names: ECR's API with an ECR login, else the registry API with the docker config's logins. */
    static CleanupBackend open(CleanupRequest request, Host host) throws InterruptedException {
        return CleanupBackends.open(request, host);
    }

    /** Cleans through a given backend (tests, benchmarks). */
    public static CleanupReport run(CleanupRequest request, Host host, CleanupBackend backend) throws InterruptedException {
        CleanupPolicy policy = request.policy();
        List<InUse> inUse = inUseFile(policy, host);
        Instant started = host.clock().instant();
        if (policy != null) {
            host.console().line("Policy: " + policy.describe());
        }
        ExecutorService pool = Executors.newFixedThreadPool(request.concurrency());
        try {
            if (request.lifecyclePolicyFile() != null || request.putLifecyclePolicy()) {
                LifecyclePolicyOutput.write(request, host, backend);
            }
            CleanupTally tally = new CleanupTally(host.console());
            CleanupReport report = switch (request.mode()) {
                case DRY_RUN, PLAN_AND_DELETE -> PlanAndClean.run(request, host, backend, pool, inUse, tally, started);
                case APPLY_PLAN -> PlanApplication.run(request, host, backend, pool, inUse, tally, started);
            };
            return finish(request, host, report);
        } finally {
            pool.shutdownNow();
        }
    }

    private static CleanupReport finish(CleanupRequest request, Host host, CleanupReport done) throws InterruptedException {
        CleanupReport report = done.redacted(host.redaction());
        if (!report.executed()) {
            host.console().line("Dry run: nothing was deleted.");
        } else {
            CleanupTotals t = report.totals();
            host.console().line("Deleted " + t.deleted() + " image(s), " + ByteSize.format(t.bytesFreed()) + " freed; " + t.failed() + " failed"
                    + (t.skipped() > 0 ? "; " + t.skipped() + " skipped (see the notes)" : "")
                    + (t.failed() > 0 ? " (each failure is named above, with the registry's code and reason)" : ""));
        }
        host.console().line("API calls: " + report.apiCalls().entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", ")) + (report.retries() > 0 ? "; " + report.retries() + " attempt(s) retried after throttling or errors" : ""));
        if (report.executed() && request.reportFile() != null) {
            String file = host.resolve(request.reportFile()).toString();
            host.files().write(file, ReportFile.json(report).getBytes(StandardCharsets.UTF_8));
            host.console().line("Report: " + file);
        }
        return report;
    }

    /** The named repositories and those of the registry whose whole name matches a pattern, sorted. */
    static List<String> repositories(CleanupPolicy policy, CleanupBackend backend) throws InterruptedException {
        Set<String> names = new TreeSet<>(policy.repositories());
        if (!policy.repositoryPatterns().isEmpty()) {
            List<Pattern> patterns = policy.repositoryPatterns().stream().map(Pattern::compile).toList();
            for (String repository : backend.repositories()) {
                if (patterns.stream().anyMatch(p -> p.matcher(repository).matches())) {
                    names.add(repository);
                }
            }
        }
        return List.copyOf(names);
    }

    private static List<InUse> inUseFile(CleanupPolicy policy, Host host) throws InterruptedException {
        if (policy == null || policy.inUseFile() == null) {
            return List.of();
        }
        String file = host.resolve(policy.inUseFile()).toString();
        byte[] content = host.files().read(file).orElseThrow(() -> PipelineException.forField(RequestField.IN_USE_FILE, "there is no in-use file " + file
                + "; a cleanup that cannot tell what is deployed deletes nothing"));
        return InUse.parseLines(new String(content, StandardCharsets.UTF_8), file);
    }
}
