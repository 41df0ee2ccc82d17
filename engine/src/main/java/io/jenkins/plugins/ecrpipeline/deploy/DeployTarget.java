package io.jenkins.plugins.ecrpipeline.deploy;

import io.jenkins.plugins.ecrpipeline.PipelineException;
import io.jenkins.plugins.ecrpipeline.RequestField;
import io.jenkins.plugins.ecrpipeline.promote.ImageReference;
import io.jenkins.plugins.ecrpipeline.promote.PromotionReport;
import io.jenkins.plugins.ecrpipeline.promote.PromotionResult;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * One service to deploy, pinned to a digest; the deploy command sees it as {@code IMAGE}, {@code IMAGE_DIGEST},
 * {@code IMAGE_TAG} and {@code IMAGE_SERVICE}.
 *
 * @param service the service name
 * @param image the repository, {@code host/repository} (deploy {@code $IMAGE@$IMAGE_DIGEST} to get exactly this image)
 * @param digest the manifest digest
 * @param tag the tag it was promoted to
 */
public record DeployTarget(String service, String image, String digest, String tag) implements Serializable {
    private static final long serialVersionUID = 1L;

    public DeployTarget {
        if (digest == null || !digest.matches("sha256:[0-9a-f]{64}")) {
            throw PipelineException.forField(RequestField.IMAGES, "deploying " + service + " needs the digest that was promoted (sha256:...), not '"
                    + digest + "': deploy what a promotion reported, or name the image as host/repository:tag@sha256:...");
        }
    }

    /**
     * {@code host/repository:tag@sha256:...}, the form a promotion's report and a person write.
     *
     * @param service the service name, or null for the repository's last part
     */
    public static DeployTarget parse(String service, String reference) {
        ImageReference image = ImageReference.parse(reference);
        String name = service != null && !service.isBlank() ? service : image.repository().substring(image.repository().lastIndexOf('/') + 1);
        if (image.tag() == null) {
            throw PipelineException.forField(RequestField.IMAGES, "deploying " + name + " needs a tag as well as the digest: host/repository:tag@sha256:...");
        }
        return new DeployTarget(name, image.repositoryName(), image.digest(), image.tag());
    }

    /** Every promoted service of a report, with its first target; a report with failed services deploys nothing. */
    public static List<DeployTarget> promoted(PromotionReport report) {
        if (!report.failures().isEmpty()) {
            throw PipelineException.forField(RequestField.PROMOTION_REPORT, "the promotion of " + String.join(", ", report.failures().stream()
                    .map(PromotionResult::service).toList()) + " failed; deploy after a promotion that succeeded");
        }
        List<DeployTarget> targets = new ArrayList<>();
        for (PromotionResult r : report.services()) {
            ImageReference to = ImageReference.parse(r.to().get(0));
            targets.add(new DeployTarget(r.service(), to.repositoryName(), r.digest(), to.tag()));
        }
        return targets;
    }
}
