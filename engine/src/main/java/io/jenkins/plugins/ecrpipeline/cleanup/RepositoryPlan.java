package io.jenkins.plugins.ecrpipeline.cleanup;

import java.util.List;

/**
 * What a cleanup deletes and keeps in one repository, made from one listing of it. A run holds one of these per
 * repository it is working on, never the whole registry's.
 *
 * @param repository the repository
 * @param entries every image of the listing, newest first, then by digest
 * @param warnings what a person should know (the repository the plan refused to empty, say)
 */
record RepositoryPlan(String repository, List<PlanEntry> entries, List<String> warnings) {
    public RepositoryPlan {
        entries = List.copyOf(entries);
        warnings = List.copyOf(warnings);
    }

    public List<PlanEntry> deletions() {
        return entries.stream().filter(PlanEntry::delete).toList();
    }

    public long bytesToFree() {
        return entries.stream().filter(PlanEntry::delete).mapToLong(e -> Math.max(0, e.size())).sum();
    }
}
