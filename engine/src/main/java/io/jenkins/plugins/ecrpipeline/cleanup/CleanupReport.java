package io.jenkins.plugins.ecrpipeline.cleanup;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a cleanup did, as totals: a run keeps counts, not the images it saw, so its memory does not grow with the
 * registry. The plan file and the console have every image.
 *
 * @param registry the registry host
 * @param snapshotAt the plan's snapshot: nothing pushed later was planned
 * @param executed whether deletes were sent
 * @param totals the counts over every repository
 * @param repositories the counts per repository, by name
 * @param warnings what a person should know about the plan (a repository it refused to empty, say)
 * @param failures the planned deletes that failed, with the registry's code and reason (the first
 *     {@value CleanupTally#LISTED} of them; {@code totals.failed} counts them all)
 * @param notes what a person should know about the execution: images already gone, entries skipped because they
 *     changed since the plan (the first {@value CleanupTally#LISTED}, then a line saying how many more)
 * @param apiCalls calls per API operation
 * @param retries attempts sent again after throttling, a 5xx or a broken connection
 * @param planTime how long listing and planning took, summed over the repositories (several run at once)
 * @param executeTime how long the deletes took, summed over the repositories
 * @param duration the whole run, start to end
 * @param policy the policy the run planned with, as {@link CleanupPolicy#describe()} says it; null when it applied a plan
 *     file without one
 * @param deletions the images a dry run would delete, or that an execution deleted, by repository and digest: the first
 *     {@value CleanupTally#LISTED_PER_REPOSITORY} of each repository and {@value CleanupTally#LISTED} in all (the
 *     repository's totals say how many there are; the plan file and the console name every one)
 */
public record CleanupReport(String registry, Instant snapshotAt, boolean executed, CleanupTotals totals, Map<String, CleanupTotals> repositories,
        List<String> warnings, List<CleanupBackend.DeleteFailure> failures, List<String> notes, Map<String, Long> apiCalls, long retries,
        Duration planTime, Duration executeTime, Duration duration, String policy, List<PlanEntry> deletions) implements Serializable {
    private static final long serialVersionUID = 1L;

    public CleanupReport {
        repositories = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(repositories));
        warnings = List.copyOf(warnings);
        failures = List.copyOf(failures);
        notes = List.copyOf(notes);
        apiCalls = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(apiCalls));
        // Reports written before the deletions were listed have none.
        deletions = deletions == null ? List.of() : deletions.stream()
                .sorted(java.util.Comparator.comparing(PlanEntry::repository)
                .thenComparing(PlanEntry::pushedAt, java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder()))
                .thenComparing(PlanEntry::digest)).toList();
    }

    /** The same report with secrets taken out of the warnings, failure reasons and notes. */
    public CleanupReport redacted(io.jenkins.plugins.ecrpipeline.process.Redaction redaction) {
        return new CleanupReport(registry, snapshotAt, executed, totals, repositories, warnings.stream().map(redaction::apply).toList(),
                failures.stream().map(f -> new CleanupBackend.DeleteFailure(f.repository(), f.digest(), f.code(), redaction.apply(f.reason())))
                        .toList(), notes.stream().map(redaction::apply).toList(), apiCalls, retries, planTime, executeTime, duration, policy, deletions);
    }

    /** Whether every planned delete happened (always true for a dry run). */
    public boolean succeeded() {
        return totals.failed() == 0;
    }
}
