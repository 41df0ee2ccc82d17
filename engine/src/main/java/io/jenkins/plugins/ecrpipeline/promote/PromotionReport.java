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

    public List<PromotionResult> failures() {
        return services.stream().filter(s -> s.outcome().failed()).toList();
    }
}
