package io.jenkins.plugins.ecrpipeline.jenkins;

import io.jenkins.plugins.ecrpipeline.promote.PromotionReport;
import io.jenkins.plugins.ecrpipeline.promote.PromotionResult;
import io.jenkins.plugins.ecrpipeline.promote.PromotionTable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** The build page's record of one {@code ecrPromote}: exactly which digest went where, and how many bytes moved. */
public final class PromotionAction extends BuildPageSummary {
    private final List<Row> services;

    PromotionAction(PromotionReport report) {
        List<Row> rows = new ArrayList<>();
        for (PromotionResult r : report.services()) {
            rows.add(new Row(r.service(), r.from(), String.join(", ", r.to()), r.digest(), r.bytesCopied(),
                    PromotionTable.result(r), r.outcome().failed(), r.failure()));
        }
        this.services = rows;
    }

    /** One service; a plain class (not a record) so that the build record's XML keeps it across restarts. */
    public static final class Row {
        private final String service;
        private final String from;
        private final String to;
        private final String digest;
        private final long bytesCopied;
        private final String result;
        private final boolean failed;
        private final String failure;

        Row(String service, String from, String to, String digest, long bytesCopied, String result, boolean failed, String failure) {
            this.service = service;
            this.from = from;
            this.to = to;
            this.digest = digest;
            this.bytesCopied = bytesCopied;
            this.result = result;
            this.failed = failed;
            this.failure = failure;
        }

        public String getService() {
            return service;
        }

        public String getFrom() {
            return from;
        }

        public String getTo() {
            return to;
        }

        public String getDigest() {
            return digest == null ? "-" : digest;
        }

        public String getCopied() {
            return bytesCopied == 0 ? "0" : String.format(Locale.ROOT, "%.1f MB", bytesCopied / (1024.0 * 1024));
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

    @Override
    public String getDisplayName() {
        return Messages.PromotionAction_DisplayName();
    }
}
