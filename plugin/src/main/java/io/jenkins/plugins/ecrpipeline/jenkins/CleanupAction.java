package io.jenkins.plugins.ecrpipeline.jenkins;

import io.jenkins.plugins.ecrpipeline.cleanup.CleanupReport;
import io.jenkins.plugins.ecrpipeline.cleanup.CleanupTotals;
import io.jenkins.plugins.ecrpipeline.cleanup.PlanEntry;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The build page's account of one {@code ecrCleanup}: the policy it used, dry run or not, the totals, the images it
 * deleted (or would delete) per repository, and the failed deletes (the first {@value #SHOWN}; the log names every
 * one). The images are those the engine's report lists (at most 100 per repository and 1000 in all), so a large
 * cleanup costs the build record little.
 */
public final class CleanupAction extends BuildPageSummary {
    static final int SHOWN = 20;
    private static final DateTimeFormatter PUSHED = new java.time.format.DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE).appendLiteral(' ').appendPattern("HH:mm").toFormatter().withZone(ZoneOffset.UTC);

    private final boolean executed;
    private final int repositories;
    private final long images;
    private final long planned;
    private final long bytesPlanned;
    private final long deleted;
    private final long bytesFreed;
    private final long failed;
    private final long skipped;
    private final String registry;
    private final List<String> failures;
    /** Null in builds recorded before the policy was kept. */
    private final String policy;
    /** Null in builds recorded before the images were kept. */
    private final List<Repository> deletions;

    CleanupAction(CleanupReport report) {
        CleanupTotals t = report.totals();
        this.executed = report.executed();
        this.repositories = report.repositories().size();
        this.images = t.images();
        this.planned = t.planned();
        this.bytesPlanned = t.bytesPlanned();
        this.deleted = t.deleted();
        this.bytesFreed = t.bytesFreed();
        this.failed = t.failed();
        this.skipped = t.skipped();
        this.registry = report.registry();
        // An ArrayList, as the other actions keep: the build record's XStream reads and writes it on every JDK.
        this.failures = new ArrayList<>(report.failures().stream().limit(SHOWN)
                .map(f -> f.repository() + "@" + f.digest() + ": " + f.code() + " (" + f.reason() + ")").toList());
        this.policy = report.policy();
        List<Repository> groups = new ArrayList<>();
        for (Map.Entry<String, CleanupTotals> repository : report.repositories().entrySet()) {
            CleanupTotals r = repository.getValue();
            List<Image> listed = new ArrayList<>(report.deletions().stream().filter(e -> e.repository().equals(repository.getKey()))
                    .map(Image::new).toList());
            long count = executed ? r.deleted() : r.planned();
            if (count > 0 || !listed.isEmpty()) {
                groups.add(new Repository(repository.getKey(), count, executed ? r.bytesFreed() : r.bytesPlanned(), listed));
            }
        }
        this.deletions = groups;
    }

    /** One repository's deleted (or, in a dry run, planned) images. */
    public static final class Repository {
        private final String name;
        private final long count;
        private final long bytes;
        private final List<Image> images;

        Repository(String name, long count, long bytes, List<Image> images) {
            this.name = name;
            this.count = count;
            this.bytes = bytes;
            this.images = images;
        }

        public String getName() {
            return name;
        }

        public long getCount() {
            return count;
        }

        public String getSize() {
            return SummaryText.size(bytes);
        }

        public List<Image> getImages() {
            return images == null ? List.of() : images;
        }

        /** How many the page does not list (the plan file and the console do). */
        public long getNotListed() {
            return Math.max(0, count - getImages().size());
        }
    }

    /** One image: what the page shows of it. */
    public static final class Image {
        private final String digest;
        private final String tags;
        private final long sizeBytes;
        private final long pushedAtMillis;
        private final String reason;

        Image(PlanEntry entry) {
            this.digest = entry.digest();
            this.tags = String.join(", ", entry.tags());
            this.sizeBytes = entry.size();
            this.pushedAtMillis = entry.pushedAt() == null ? -1 : entry.pushedAt().toEpochMilli();
            this.reason = entry.reason();
        }

        public String getDigest() {
            return digest;
        }

        public String getShortDigest() {
            return SummaryText.shortDigest(digest);
        }

        /** Its tags when it was planned; empty for an untagged image. */
        public String getTags() {
            return tags == null ? "" : tags;
        }

        public String getImageSize() {
            return SummaryText.size(sizeBytes);
        }

        public String getPushed() {
            return pushedAtMillis < 0 ? "-" : Messages.CleanupAction_PushedAt(PUSHED.format(Instant.ofEpochMilli(pushedAtMillis)));
        }

        /** The rule that selected it. */
        public String getReason() {
            return reason == null ? "" : reason;
        }
    }

    public boolean isExecuted() {
        return executed;
    }

    public int getRepositories() {
        return repositories;
    }

    public long getImages() {
        return images;
    }

    public long getPlanned() {
        return planned;
    }

    public String getPlannedSize() {
        return SummaryText.size(bytesPlanned);
    }

    public long getDeleted() {
        return deleted;
    }

    public String getFreed() {
        return SummaryText.size(bytesFreed);
    }

    public long getFailed() {
        return failed;
    }

    public long getSkipped() {
        return skipped;
    }

    /** The policy as the engine describes it ({@code repositories web-qa; rules untagged older than 14d; ...}); null when unknown. */
    public String getPolicy() {
        return policy;
    }

    /** The repositories with deleted (or planned) images, by name. */
    public List<Repository> getDeletions() {
        return deletions == null ? List.of() : deletions;
    }

    /** {@code 1 repository, 6 images listed}. */
    public String getListed() {
        return SummaryText.count(repositories, "repository", "repositories") + ", " + SummaryText.count(images, "image", "images") + " listed";
    }

    /**
     * What happened, in words: {@code 2 images would be deleted (12.3 MB)} for a dry run; {@code 2 of 3 planned images
     * deleted, 12.3 MB freed} for an execution.
     */
    public String getOutcome() {
        if (planned == 0) {
            return Messages.CleanupAction_NothingToDelete();
        }
        if (!executed) {
            return Messages.CleanupAction_WouldBeDeleted(planned, getPlannedSize());
        }
        String done = deleted == planned ? Messages.CleanupAction_Deleted(deleted, getFreed()) : Messages.CleanupAction_DeletedOfPlanned(deleted, planned, getFreed());
        return skipped > 0 ? Messages.CleanupAction_Skipped(done, skipped) : done;
    }

    /** A repository's line: {@code 2 images would be deleted (12.3 MB)}, {@code 1 image deleted, 4.1 MB freed}. */
    public String line(Repository repository) {
        return executed ? Messages.CleanupAction_Deleted(repository.getCount(), repository.getSize())
                : Messages.CleanupAction_WouldBeDeleted(repository.getCount(), repository.getSize());
    }

    /** {@code 1 planned delete failed}, {@code 3 planned deletes failed}. */
    public String getFailedText() {
        return Messages.CleanupAction_DeletesFailed(failed);
    }

    /** The failed deletes shown on the page, as {@code repository@digest: code (reason)}. */
    public List<String> getFailures() {
        return failures == null ? List.of() : failures;
    }

    /** How many failed deletes the page leaves to the log. */
    public long getFailuresNotShown() {
        return failed - getFailures().size();
    }

    public String getRegistry() {
        return registry;
    }

    @Override
    public String getDisplayName() {
        return Messages.CleanupAction_DisplayName();
    }
}
