package io.jenkins.plugins.ecrpipeline.jenkins;

import io.jenkins.plugins.ecrpipeline.promote.PromotionReport;
import io.jenkins.plugins.ecrpipeline.promote.PromotionResult;
import io.jenkins.plugins.ecrpipeline.promote.PromotionTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The build page's record of one {@code ecrPromote}: exactly which digest went where, and how many bytes moved, the
 * registry named once.
 */
public final class PromotionAction extends BuildPageSummary {
    private final List<Row> services;

    PromotionAction(PromotionReport report) {
        List<Row> rows = new ArrayList<>();
        for (PromotionResult r : report.services()) {
            rows.add(new Row(r.service(), r.from(), String.join(", ", r.to()), r.digest(), r.bytesCopied(),
                    PromotionTable.result(r), r.outcome().failed(), r.failure(), r.route() == null ? null : r.route().name(), r.blobsCopied(),
                    r.blobsMounted(), r.blobsSkipped()));
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
        /** {@code ECR_API} (a retag) or {@code REGISTRY_API}; null in builds recorded before it was kept. */
        private final String route;
        private final int blobsCopied;
        private final int blobsMounted;
        private final int blobsSkipped;

        Row(String service, String from, String to, String digest, long bytesCopied, String result, boolean failed, String failure, String route,
                int blobsCopied, int blobsMounted, int blobsSkipped) {
            this.service = service;
            this.from = from;
            this.to = to;
            this.digest = digest;
            this.bytesCopied = bytesCopied;
            this.result = result;
            this.failed = failed;
            this.failure = failure;
            this.route = route;
            this.blobsCopied = blobsCopied;
            this.blobsMounted = blobsMounted;
            this.blobsSkipped = blobsSkipped;
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

        public String getShortDigest() {
            return SummaryText.shortDigest(getDigest());
        }

        public boolean isDigestKnown() {
            return digest != null;
        }

        /** Bytes copied, always with a unit, and how: {@code 0 B (retag)}, {@code 2.1 MB (3 blobs)}. */
        public String getCopied() {
            String size = SummaryText.size(bytesCopied);
            if ("ECR_API".equals(route)) {
                return size + " (retag)";
            }
            return blobsCopied > 0 ? size + " (" + SummaryText.count(blobsCopied, "blob", "blobs") + ")" : size;
        }

        /** What happened to the blobs, for the hover text. */
        public String getCopiedDetail() {
            if ("ECR_API".equals(route)) {
                return Messages.PromotionAction_Retagged();
            }
            if (route == null) {
                return Messages.PromotionAction_BlobBytesCopied(SummaryText.size(bytesCopied));
            }
            return Messages.PromotionAction_BlobsCopied(blobsCopied, blobsMounted, blobsSkipped);
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

        public String getFailureLine() {
            return SummaryText.firstLine(failure);
        }

        public String getBadge() {
            return failed ? "failure" : "success";
        }

        List<String> targets() {
            return to == null || to.isEmpty() ? List.of() : Arrays.asList(to.split(", "));
        }
    }

    public List<Row> getServices() {
        return Collections.unmodifiableList(services);
    }

    /** The registry every source and target is in, named once above the table; null when there are several. */
    public String getRegistry() {
        return SummaryText.commonRegistry(services.stream().flatMap(r -> Stream.concat(Stream.of(r.getFrom()), r.targets().stream())).toList());
    }

    /**
     * The source relative to the registry (the tag alone when the repository is named after the service), its digest
     * left to the digest column when it is the promoted one.
     */
    public String from(Row row) {
        String from = SummaryText.tagOrImage(row.getFrom(), getRegistry(), row.getService());
        return row.isDigestKnown() && from.endsWith("@" + row.getDigest()) ? from.substring(0, from.length() - row.getDigest().length() - 1) : from;
    }

    /** Whether the source was pinned to the digest that was promoted. */
    public boolean pinned(Row row) {
        return row.isDigestKnown() && row.getFrom() != null && row.getFrom().endsWith("@" + row.getDigest());
    }

    /** The targets relative to the registry, as tags alone when the repository is named after the service. */
    public String to(Row row) {
        return row.targets().stream().map(t -> SummaryText.tagOrImage(t, getRegistry(), row.getService())).collect(Collectors.joining(", "));
    }

    /** Whether this build's intermediateBuild pushed the promoted digest (the table above shows it already). */
    public boolean builtHere(Row row) {
        return row.isDigestKnown() && builtDigests().contains(row.getDigest());
    }

    private Set<String> builtDigests() {
        Set<String> digests = new HashSet<>();
        if (getRun() != null) {
            for (ImageBuildAction built : getRun().getActions(ImageBuildAction.class)) {
                built.getServices().stream().filter(ImageBuildAction.Row::isPushed).forEach(r -> digests.add(r.getDigest()));
            }
        }
        return digests;
    }

    /** {@code 2 services: 2 promoted}. */
    public String getOutcome() {
        java.util.Map<String, Long> byResult = new java.util.LinkedHashMap<>();
        services.forEach(r -> byResult.merge(r.isFailed() ? "failed" : r.getResult(), 1L, Long::sum));
        return SummaryText.count(services.size(), "service", "services") + ": " + byResult.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "));
    }

    @Override
    public String getDisplayName() {
        return Messages.PromotionAction_DisplayName();
    }
}
