package io.jenkins.plugins.ecrpipeline.promote;

import io.jenkins.plugins.ecrpipeline.PipelineException;
import io.jenkins.plugins.ecrpipeline.RequestField;
import io.jenkins.plugins.ecrpipeline.ecr.EcrAuthorizationRequest;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What to promote, as a Jenkinsfile, the CLI or a test asks for it: one or more services, each from a source image
 * to one or more target tags. Build one with {@link #builder()}.
 *
 * @param services the promotions, in the order they run
 * @param ecrApi the ECR registries to use with this JVM's AWS credentials (ECR's API within a repository, ECR
 *     passwords for the registry API; no docker login happens), or null to use only the logins of the docker config
 * @param dockerConfig the docker config directory whose {@code auths} give registry logins, or null for the host's
 *     ({@code $DOCKER_CONFIG}, else {@code ~/.docker})
 * @param reportFile where to write the JSON report, relative to the workspace, or null for none
 */
public record PromotionRequest(List<ServicePromotion> services, EcrAuthorizationRequest ecrApi, String dockerConfig, String reportFile)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    public PromotionRequest {
        services = List.copyOf(services);
        if (services.isEmpty()) {
            throw PipelineException.forField(RequestField.SERVICES, "nothing to promote: name an image, or services and a registry");
        }
        Set<String> names = new HashSet<>();
        for (ServicePromotion s : services) {
            if (!names.add(s.service())) {
                throw PipelineException.forField(RequestField.SERVICES, "service " + s.service() + " is named twice; promote it once, with several target tags");
            }
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects promotions; the one-image and the set-of-services forms can be mixed. */
    public static final class Builder {
        private final List<ServicePromotion> services = new ArrayList<>();
        private final Map<String, String> expectedDigests = new LinkedHashMap<>();
        private EcrAuthorizationRequest ecrApi;
        private String dockerConfig;
        private String reportFile;

        private Builder() {
        }

        /**
         * One image: {@code source} is {@code host/repository:tag} or {@code host/repository@sha256:...}; each target is a
         * bare tag (same repository) or a full {@code host/repository:tag}.
         *
         * @param service the name results use, or null for the last part of the source repository
         * @param expectedDigest the digest the source must have, or null
         */
        public Builder image(String service, String source, List<String> targets, String expectedDigest) {
            ImageReference from = ImageReference.parse(source);
            String name = service != null && !service.isBlank() ? service : from.repository().substring(from.repository().lastIndexOf('/') + 1);
            services.add(new ServicePromotion(name, from, targets.stream().map(t -> target(from, t)).toList(), expectedDigest));
            return this;
        }

        /**
         * A set of services built by the nightly build: {@code registry/<service>:fromTag} to {@code toTags} in the same
         * repository, or in {@code targetRegistry/<service>} when one is given.
         *
         * @param registry the registry host with an optional path ({@code host/team}), as the build's registry
         * @param targetRegistry another registry host (and path), or null for the same repositories
         */
        public Builder services(List<String> names, String registry, String fromTag, List<String> toTags, String targetRegistry) {
            if (registry == null || registry.isBlank()) {
                throw PipelineException.forField(RequestField.REGISTRY, "promoting services needs the registry they were pushed to, e.g. "
                        + "123456789012.dkr.ecr.eu-west-1.amazonaws.com");
            }
            if (fromTag == null || fromTag.isBlank()) {
                throw PipelineException.forField(RequestField.SOURCE_TAG, "promoting services needs the tag to promote from, e.g. intermediate");
            }
            for (String name : names) {
                ImageReference from = ImageReference.parse(registry + "/" + name + ":" + fromTag);
                List<ImageReference> to = new ArrayList<>();
                for (String tag : toTags) {
                    to.add(targetRegistry == null || targetRegistry.isBlank() ? from.withTag(tag)
                            : ImageReference.parse(targetRegistry + "/" + name + ":" + tag));
                }
                services.add(new ServicePromotion(name, from, to, null));
            }
            return this;
        }

        /** The digest a service's source must have; applies to services added before or after. */
        public Builder expectDigest(String service, String digest) {
            expectedDigests.put(service, digest);
            return this;
        }

        /** Use ECR with these credentials (the faces' {@code ecrApi}, formerly {@code ecrLogin}). */
        public Builder ecrApi(EcrAuthorizationRequest value) {
            this.ecrApi = value;
            return this;
        }

        public Builder dockerConfig(String value) {
            this.dockerConfig = value == null || value.isBlank() ? null : value;
            return this;
        }

        public Builder reportFile(String value) {
            this.reportFile = value == null || value.isBlank() ? null : value;
            return this;
        }

        public PromotionRequest build() {
            Set<String> known = new HashSet<>();
            List<ServicePromotion> all = new ArrayList<>();
            for (ServicePromotion s : services) {
                known.add(s.service());
                String expected = expectedDigests.get(s.service());
                all.add(expected == null ? s : new ServicePromotion(s.service(), s.source(), s.targets(), expected));
            }
            for (String service : expectedDigests.keySet()) {
                if (!known.contains(service)) {
                    throw PipelineException.forField(RequestField.EXPECTED_DIGEST, "an expected digest is given for " + service
                            + ", which is not promoted; services: " + String.join(", ", known));
                }
            }
            return new PromotionRequest(all, ecrApi, dockerConfig, reportFile);
        }

        /** A bare tag stays in the source's repository; anything with a slash is a full reference. */
        private static ImageReference target(ImageReference source, String target) {
            if (target == null || target.isBlank()) {
                throw PipelineException.forField(RequestField.TARGET_TAGS, "an empty target tag");
            }
            return target.contains("/") ? ImageReference.parse(target) : source.withTag(target);
        }
    }
}
