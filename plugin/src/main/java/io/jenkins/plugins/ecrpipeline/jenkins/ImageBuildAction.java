package io.jenkins.plugins.ecrpipeline.jenkins;

import io.jenkins.plugins.ecrpipeline.imagebuild.BuildReport;
import io.jenkins.plugins.ecrpipeline.imagebuild.ServiceResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** The build page's summary of one {@code intermediateBuild}: per service image, digest, size, duration and result. */
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

        /** Formatted; not {@code getSize}: {@code size} is a keyword in Jelly's expressions. */
        public String getImageSize() {
            return sizeBytes < 0 ? "-" : String.format(Locale.ROOT, "%.1f MB", sizeBytes / (1024.0 * 1024));
        }

        public String getDuration() {
            return String.format(Locale.ROOT, "%.1f s", durationMillis / 1000.0);
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
    }

    public List<Row> getServices() {
        return Collections.unmodifiableList(services);
    }

    public String getBuildDate() {
        return buildDate;
    }

    @Override
    public String getDisplayName() {
        return Messages.ImageBuildAction_DisplayName();
    }
}
