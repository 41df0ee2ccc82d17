package io.jenkins.plugins.ecrpipeline.cleanup;

import io.jenkins.plugins.ecrpipeline.process.Host;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Carries out one repository's planned deletes, for planning-and-deleting and for applying a plan alike. */
final class RepositoryDeletes {
    private RepositoryDeletes() {
    }

    /** Deletes one repository's planned images, indexes first so that ECR lets their children go later; counts what happened. */
    static void delete(String repository, List<PlanEntry> planned, CleanupBackend backend, CleanupTally tally, Host host)
            throws InterruptedException {
        if (planned.isEmpty()) {
            return;
        }
        Instant started = host.clock().instant();
        List<PlanEntry> ordered = planned.stream().sorted(Comparator.comparing((PlanEntry e) -> !isIndex(e.mediaType()))
                .thenComparing(PlanEntry::digest)).toList();
        CleanupBackend.DeleteResult result = backend.delete(repository, ordered);
        Set<String> gone = new HashSet<>(result.deleted());
        tally.deletions(repository, planned.stream().filter(e -> gone.contains(e.digest())).toList());
        long bytes = planned.stream().filter(e -> gone.contains(e.digest())).mapToLong(e -> Math.max(0, e.size())).sum();
        long failed = 0;
        long skipped = 0;
        for (CleanupBackend.DeleteFailure f : result.failures()) {
            if ("ImageNotFound".equals(f.code())) {
                // Someone else deleted it between the plan and now: what the plan wanted is true.
                tally.note(f.repository() + "@" + f.digest() + " was gone already (" + f.reason() + ")");
                skipped++;
            } else {
                tally.failed(f);
                failed++;
            }
        }
        tally.add(repository, new CleanupTotals(0, 0, 0, gone.size(), bytes, failed, skipped));
        tally.executed(Duration.between(started, host.clock().instant()));
    }

    private static boolean isIndex(String mediaType) {
        return mediaType != null && (mediaType.endsWith("manifest.list.v2+json") || mediaType.endsWith("image.index.v1+json"));
    }
}
