package io.jenkins.plugins.ecrpipeline.promote;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;

/**
 * The promotions of one run, in request order; a deploy reads the promoted digests from here.
 *
 * @param startedAt when the run began
 * @param finishedAt when the last promotion ended
 * @param services one result per service
 */
public record PromotionReport(Instant startedAt, Instant finishedAt, List<PromotionResult> services) implements Serializable {
    private static final long serialVersionUID = 1L;

    public PromotionReport {
        services = List.copyOf(services);
    }

    /** The same report with secrets taken out of the failure reasons. */
    public PromotionReport redacted(io.jenkins.plugins.ecrpipeline.process.Redaction redaction) {
        return new PromotionReport(startedAt, finishedAt, services.stream().map(r -> new PromotionResult(r.service(), r.from(), r.to(),
                r.placed(), r.digest(), r.mediaType(), r.route(), r.bytesCopied(), r.blobsCopied(), r.blobsMounted(), r.blobsSkipped(),
                r.outcome(), redaction.apply(r.failure()))).toList());
    }

    public List<PromotionResult> failures() {
        return services.stream().filter(s -> s.outcome().failed()).toList();
    }
}
