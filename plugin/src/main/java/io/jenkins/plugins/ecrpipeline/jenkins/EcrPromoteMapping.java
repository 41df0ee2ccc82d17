package io.jenkins.plugins.ecrpipeline.jenkins;

import io.jenkins.plugins.ecrpipeline.PipelineException;
import io.jenkins.plugins.ecrpipeline.RequestField;
import io.jenkins.plugins.ecrpipeline.promote.PromotionReport;
import io.jenkins.plugins.ecrpipeline.promote.PromotionRequest;
import io.jenkins.plugins.ecrpipeline.promote.PromotionResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How {@code ecrPromote}'s parameters become the engine's {@link PromotionRequest}, and the engine's
 * {@link PromotionReport} the step's return value or failure: plain functions, so that they are tested without Jenkins.
 */
final class EcrPromoteMapping {
    private EcrPromoteMapping() {
    }

    static PromotionRequest request(EcrPromoteStep step, Map<String, String> environment) {
        List<String> tags = Util.splitNames(step.getTo());
        if (tags.isEmpty()) {
            throw PipelineException.forField(RequestField.TARGET_TAGS, Messages.EcrPromoteStep_NoTargetTag());
        }
        PromotionRequest.Builder builder = PromotionRequest.builder().reportFile(step.getReport());
        for (String image : step.getImages()) {
            int at = image.indexOf('@');
            boolean tagged = at > 0 && image.substring(0, at).matches(".*:[^/]+");
            // A tag with a digest: promote what the tag names, but only while it still names that digest.
            builder.image(null, tagged ? image.substring(0, at) : image, tags, tagged ? image.substring(at + 1) : null);
        }
        List<String> names = Util.splitNames(step.getServices());
        if (!names.isEmpty()) {
            builder.services(names, step.getRegistry(), step.getFrom(), tags, step.getTargetRegistry());
        }
        return builder.ecrApi(step.ecrApiRequest(environment)).build();
    }

    /** Plain maps: service, from, to, digest, image (the first target pinned to the digest, what ecrDeploy takes), result. */
    static List<Map<String, Object>> toPipeline(PromotionReport report) {
        List<Map<String, Object>> services = new ArrayList<>();
        for (PromotionResult r : report.services()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("service", r.service());
            entry.put("from", r.from());
            entry.put("to", new ArrayList<>(r.to()));
            entry.put("placed", new ArrayList<>(r.placed()));
            entry.put("digest", r.digest());
            entry.put("image", r.to().get(0) + "@" + r.digest());
            entry.put("bytesCopied", r.bytesCopied());
            entry.put("result", r.outcome().name());
            services.add(entry);
        }
        return services;
    }

    /** Why the step fails, naming each failed promotion and its reason; empty when none failed. */
    static Optional<String> failure(PromotionReport report) {
        return report.failures().isEmpty() ? Optional.empty() : Optional.of(Messages.EcrPromoteStep_PromotionsFailed(report.failures().size(),
                report.failures().stream().map(r -> r.service() + " (" + r.failure() + ")").collect(Collectors.joining("; "))));
    }
}
