package io.jenkins.plugins.ecrpipeline.cleanup;

import io.jenkins.plugins.ecrpipeline.PipelineException;
import io.jenkins.plugins.ecrpipeline.imagebuild.ReportFile;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/** A {@link CleanupPlan} as the JSON file a dry run writes and an execution reads: every entry, with the totals for people. */
public final class CleanupPlanFile {
    /** Bumped when the file's meaning changes, so an old plan is refused rather than misread. */
    static final int FORMAT = 1;

    private CleanupPlanFile() {
    }

    /** The file's shape. */
    record Content(int format, String registry, Instant snapshotAt, int imagesToDelete, long bytesToFree, List<String> warnings,
            List<PlanEntry> entries) {
    }

    public static String json(CleanupPlan plan) {
        return ReportFile.json(new Content(FORMAT, plan.registry(), plan.snapshotAt(), plan.imagesToDelete(), plan.bytesToFree(),
                plan.warnings(), plan.entries()));
    }

    /** @param source where the text came from, for the error message */
    public static CleanupPlan read(byte[] json, String source) {
        try {
            Content content = ReportFile.read(json, Content.class);
            if (content.format() != FORMAT || content.entries() == null || content.registry() == null || content.snapshotAt() == null) {
                throw new IOException("not a format " + FORMAT + " plan with a registry, a snapshot time and entries");
            }
            for (PlanEntry e : content.entries()) {
                if (e.repository() == null || e.digest() == null || !e.digest().matches("sha256:[0-9a-f]{64}")) {
                    throw new IOException("an entry without a repository or a sha256 digest: " + e);
                }
            }
            return new CleanupPlan(content.registry(), content.snapshotAt(), content.entries(),
                    content.warnings() == null ? List.of() : content.warnings());
        } catch (IOException | RuntimeException e) {
            throw PipelineException.forField("plan file", source + " is not a cleanup plan written by a dry run: " + e.getMessage(), e);
        }
    }
}
