package io.jenkins.plugins.ecrpipeline.jenkins;

import hudson.FilePath;
import io.jenkins.plugins.ecrpipeline.PipelineException;
import io.jenkins.plugins.ecrpipeline.RequestField;
import io.jenkins.plugins.ecrpipeline.cleanup.CleanupOptions;
import io.jenkins.plugins.ecrpipeline.cleanup.CleanupReport;
import io.jenkins.plugins.ecrpipeline.cleanup.CleanupRequest;
import io.jenkins.plugins.ecrpipeline.cleanup.CleanupTotals;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How {@code ecrCleanup}'s parameters become the engine's {@link CleanupRequest}, and the engine's
 * {@link CleanupReport} the step's return value or failure: plain functions, so that they are tested without Jenkins.
 */
final class EcrCleanupMapping {
    /** Failed deletes named in the step's failure; the log names every one. */
    private static final int FAILURES_NAMED = 10;

    private EcrCleanupMapping() {
    }

    /** This step's spelling of the cleanup options; the CLI's is {@code cleanup}'s flags, both mapped by CleanupOptions. */
    static CleanupOptions options(EcrCleanupStep step) {
        return CleanupOptions.builder().repositories(Util.splitNames(step.getRepositories())).repositoryPatterns(step.getRepositoryPatterns())
                .untaggedOlderThan(step.getUntaggedOlderThan()).keep(step.getKeep()).taggedOlderThan(step.getTaggedOlderThan())
                .tagPattern(Util.nullIfEmpty(step.getTagPattern())).protectedTags(step.getProtectedTags()).inUse(step.getInUse())
                .inUseFile(step.getInUseFile()).buildCacheTag(Util.nullIfEmpty(step.getBuildCacheTag()))
                .allowEmptyRepository(step.isAllowEmptyRepository()).build();
    }

    /** @param policyText the policy file's text, or null when the step names none */
    static CleanupRequest request(EcrCleanupStep step, String policyText, Map<String, String> environment) {
        // A dry run writes the plan to the plan file; an execution plans again rather than apply an older file.
        return CleanupRequest.builder(options(step).policy(policyText, step.getPolicy())).registry(Util.nullIfEmpty(step.getRegistry()))
                .ecrApi(step.ecrApiRequest(environment)).execute(!step.isDryRun()).planFile(step.isDryRun() ? step.getPlanFile() : null).build();
    }

    /** The policy file's text, or null when {@code policy} is empty. */
    static String policyText(FilePath workspace, String policy) throws IOException, InterruptedException {
        if (policy.isEmpty()) {
            return null;
        }
        FilePath file = workspace.child(policy);
        if (!file.exists()) {
            throw PipelineException.forField(RequestField.POLICY, Messages.EcrCleanupStep_NoPolicyFile(policy, workspace.getRemote()));
        }
        return file.readToString();
    }

    /** The totals, as the Pipeline script gets them. */
    static Map<String, Object> toPipeline(CleanupReport report, boolean dryRun) {
        CleanupTotals t = report.totals();
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("dryRun", dryRun);
        totals.put("repositories", report.repositories().size());
        totals.put("images", t.images());
        totals.put("planned", t.planned());
        totals.put("bytesPlanned", t.bytesPlanned());
        totals.put("deleted", t.deleted());
        totals.put("bytesFreed", t.bytesFreed());
        totals.put("failed", t.failed());
        totals.put("skipped", t.skipped());
        return totals;
    }

    /** Why the step fails, naming the first failed deletes with the registry's code and reason; empty when none failed. */
    static Optional<String> failure(CleanupReport report) {
        if (report.succeeded()) {
            return Optional.empty();
        }
        CleanupTotals t = report.totals();
        String failures = String.join("; ", report.failures().stream().limit(FAILURES_NAMED)
                .map(f -> f.repository() + "@" + f.digest() + " " + f.code() + " (" + f.reason() + ")").toList());
        return Optional.of(Messages.EcrCleanupStep_DeletesFailed(t.failed(), t.planned(), t.deleted(),
                t.failed() > FAILURES_NAMED ? Messages.EcrCleanupStep_MoreFailures(failures, t.failed() - FAILURES_NAMED) : failures));
    }
}
