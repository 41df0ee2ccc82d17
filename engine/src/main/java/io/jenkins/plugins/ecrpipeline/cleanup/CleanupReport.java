package io.jenkins.plugins.ecrpipeline.cleanup;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a cleanup did: the plan, and for an execution what was deleted, what failed and what was skipped.
 *
 * @param plan the plan made (dry run, or plan and execute) or read (execution of a plan file)
 * @param executed whether deletes were sent
 * @param deleted how many images were deleted
 * @param bytesFreed the registry-reported size of the deleted images
 * @param failures every image that could not be deleted; the run failed if there is one
 * @param notes what a person should know: images already gone, entries skipped because they changed since the plan
 * @param apiCalls calls per API operation
 * @param retries attempts sent again after throttling, a 5xx or a broken connection
 * @param planTime how long listing and planning took
 * @param executeTime how long the deletes took
 */
public record CleanupReport(CleanupPlan plan, boolean executed, int deleted, long bytesFreed, List<CleanupBackend.DeleteFailure> failures,
        List<String> notes, Map<String, Long> apiCalls, long retries, Duration planTime, Duration executeTime) implements Serializable {
    private static final long serialVersionUID = 1L;

    public CleanupReport {
        failures = List.copyOf(failures);
        notes = List.copyOf(notes);
        apiCalls = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(apiCalls));
    }

    /** Whether every planned delete happened (always true for a dry run). */
    public boolean succeeded() {
        return failures.isEmpty();
    }
}
