package io.jenkins.plugins.ecrpipeline.cleanup;

import java.io.Serializable;

/**
 * The counts of a cleanup, for the registry or one repository: what a run keeps instead of every image it saw.
 *
 * @param images images listed (for an applied plan file: images the plan lists)
 * @param planned images the plan deletes
 * @param bytesPlanned their size as the registry reports it (layers shared with other images count in each)
 * @param deleted images deleted
 * @param bytesFreed the reported size of those
 * @param failed planned deletes that failed
 * @param skipped planned deletes left out because the image changed since the plan, or was gone already
 */
public record CleanupTotals(long images, long planned, long bytesPlanned, long deleted, long bytesFreed, long failed, long skipped)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final CleanupTotals NONE = new CleanupTotals(0, 0, 0, 0, 0, 0, 0);

    public CleanupTotals plus(CleanupTotals other) {
        return new CleanupTotals(images + other.images, planned + other.planned, bytesPlanned + other.bytesPlanned, deleted + other.deleted,
                bytesFreed + other.bytesFreed, failed + other.failed, skipped + other.skipped);
    }
}
