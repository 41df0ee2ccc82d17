package io.jenkins.plugins.ecrpipeline.jenkins;

import io.jenkins.plugins.ecrpipeline.intermediatebuild.BuildReport;
import io.jenkins.plugins.ecrpipeline.intermediatebuild.ServiceResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The build page's summary of one {@code intermediateBuild}: per service image, digest, size, duration and result, the
 * registry named once. Keeps only what the page and the job's trend show (failure reasons are redacted by the engine).
 */
public final class ImageBuildAction extends BuildPageSummary {
    private final List<Row> services;
    private final String buildDate;

    ImageBuildAction(BuildReport report) {
        List<Row> rows = new ArrayList<>();
        for (ServiceResult r : report.services()) {
            rows.add(new Row(r.service(), r.image(), r.digest(), r.sizeBytes(), r.duration().toMillis(),
                    r.outcome().name().toLowerCase(Locale.ROOT).replace('_', ' '), r.outcome().failed(), r.failure()));
        }
        this.services = rows;
        this.buildDate = report.buildDate();
    }

    /** One service; a plain class (not a record) so that the build record's XML keeps it across restarts. */
    public static final class Row {
        private final String service;
        private final String image;
        private final String digest;
        private final long sizeBytes;
        private final long durationMillis;
        private final String result;
        private final boolean failed;
        private final String failure;

        Row(String service, String image, String digest, long sizeBytes, long durationMillis, String result, boolean failed, String failure) {
            this.service = service;
            this.image = image;
            this.digest = digest;
            this.sizeBytes = sizeBytes;
            this.durationMillis = durationMillis;
            this.result = result;
            this.failed = failed;
            this.failure = failure;
        }

        public String getService() {
            return service;
        }

        public String getImage() {
            return image;
        }

        public String getDigest() {
            return digest == null ? "-" : digest;
        }

        public long getSizeBytes() {
            return sizeBytes;
        }

        /** {@code sha256:} and the first hex digits; {@code -} when nothing was pushed. */
        public String getShortDigest() {
            return SummaryText.shortDigest(getDigest());
        }

        public boolean isPushed() {
            return digest != null;
        }

        /** Formatted with its unit; not {@code getSize}: {@code size} is a keyword in Jelly's expressions. */
        public String getImageSize() {
            return SummaryText.size(sizeBytes);
        }

        public String getDuration() {
            return SummaryText.duration(durationMillis);
        }

        public long getDurationMillis() {
            return durationMillis;
        }

        public String getResult() {
            return result;
        }

        public boolean isFailed() {
            return failed;
        }

        public String getFailure() {
            return failure == null ? "" : failure;
        }

        /** The reason's first line, for the one-line view; the whole reason is one click away. */
        public String getFailureLine() {
            return SummaryText.firstLine(failure);
        }

        /** The badge's kind: {@code success}, {@code failure} or {@code neutral} (skipped, cancelled). */
        public String getBadge() {
            if (!failed) {
                return "success";
            }
            return result.equals("skipped") || result.equals("cancelled") ? "neutral" : "failure";
        }
    }

    public List<Row> getServices() {
        return Collections.unmodifiableList(services);
    }

    public String getBuildDate() {
        return buildDate;
    }

    /** The registry every image was pushed to, named once above the table; null when they went to several. */
    public String getRegistry() {
        return SummaryText.commonRegistry(services.stream().map(Row::getImage).toList());
    }

    /** What the image column shows for a row: the tag, or the repository and tag when it is not named after the service. */
    public String shown(Row row) {
        return SummaryText.tagOrImage(row.getImage(), getRegistry(), row.getService());
    }

    /** The image column's heading: {@code Tag} when every row shows a tag alone, else {@code Image}. */
    public String getImageHeading() {
        return services.stream().allMatch(r -> !shown(r).contains(":") && !shown(r).contains("/")) ? "Tag" : "Image";
    }

    /** {@code 3 services: 2 pushed, 1 build failed}. */
    public String getOutcome() {
        java.util.Map<String, Long> byResult = new java.util.LinkedHashMap<>();
        services.forEach(r -> byResult.merge(r.getResult(), 1L, Long::sum));
        return SummaryText.count(services.size(), "service", "services") + ": " + byResult.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey()).collect(java.util.stream.Collectors.joining(", "));
    }

    @Override
    public String getDisplayName() {
        return Messages.ImageBuildAction_DisplayName();
    }
}
