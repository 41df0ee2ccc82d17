package io.jenkins.plugins.ecrpipeline.promote;

import io.jenkins.plugins.ecrpipeline.PipelineException;
import io.jenkins.plugins.ecrpipeline.RequestField;
import java.io.Serializable;
import java.util.List;

/**
 * One service's promotion: copy what {@code source} names (pinned to its digest when first read) to every target.
 *
 * @param service the name the results and the deploy variables use (a compose service, say)
 * @param source the image to promote, by tag or by digest
 * @param targets where it goes: each a tag of the same or another repository, in the same or another registry
 * @param expectedDigest the digest the source must have (what was tested), or null to take the source as it is
 */
public record ServicePromotion(String service, ImageReference source, List<ImageReference> targets, String expectedDigest)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    public ServicePromotion {
        if (service == null || service.isBlank()) {
            throw PipelineException.forField(RequestField.SERVICES, "a promotion needs a service name");
        }
        targets = List.copyOf(targets);
        if (targets.isEmpty()) {
            throw PipelineException.forField(RequestField.TARGET_TAGS, "nothing to promote " + service + " to: name at least one target tag");
        }
        for (ImageReference target : targets) {
            if (target.tag() == null || target.digest() != null) {
                throw PipelineException.forField(RequestField.TARGET_TAGS, "target " + target + " of " + service
                        + " must be a tag (host/repository:tag); a digest cannot be moved");
            }
        }
        if (expectedDigest != null && !ImageReference.DIGEST.matcher(expectedDigest).matches()) {
            throw PipelineException.forField(RequestField.EXPECTED_DIGEST, "invalid expected digest '" + expectedDigest + "' for " + service
                    + ": write sha256: followed by 64 lower-case hex digits, as the build report or 'docker inspect' shows it");
        }
        if (expectedDigest != null && source.digest() != null && !expectedDigest.equals(source.digest())) {
            throw PipelineException.forField(RequestField.EXPECTED_DIGEST, "the source of " + service + " is pinned to " + source.digest()
                    + " but the expected digest is " + expectedDigest + ": give one of them");
        }
    }
}
