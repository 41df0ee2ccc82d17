package io.jenkins.plugins.ecrpipeline.cleanup;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;

/**
 * What a cleanup deletes and keeps, made from one listing; execution applies exactly its deletions.
 *
 * @param registry the registry host the listing came from
 * @param snapshotAt when the listing started: nothing pushed later is deleted
 * @param entries every image seen, sorted by repository, newest first, then digest
 * @param warnings what a person should know (a repository the plan refused to empty, say)
 */
record CleanupPlan(String registry, Instant snapshotAt, List<PlanEntry> entries, List<String> warnings) implements Serializable {
    private static final long serialVersionUID = 1L;

    public CleanupPlan {
        entries = List.copyOf(entries);
        warnings = List.copyOf(warnings);
    }

    public List<PlanEntry> deletions() {
        return entries.stream().filter(PlanEntry::delete).toList();
    }

    public int imagesToDelete() {
        return (int) entries.stream().filter(PlanEntry::delete).count();
    }

    public long bytesToFree() {
        return entries.stream().filter(PlanEntry::delete).mapToLong(e -> Math.max(0, e.size())).sum();
    }
}
