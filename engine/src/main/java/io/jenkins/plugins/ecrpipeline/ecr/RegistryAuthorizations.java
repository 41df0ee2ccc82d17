package io.jenkins.plugins.ecrpipeline.ecr;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;

/**
 * Passwords for every registry one login covers, in login order (the first is the agent's own account's, as the
 * original job's {@code AWS_ECR_DOMAIN}).
 */
public record RegistryAuthorizations(List<RegistryAuthorization> all) implements Serializable {
    private static final long serialVersionUID = 1L;

    public RegistryAuthorizations {
        all = List.copyOf(all);
    }

    public List<String> hosts() {
        return all.stream().map(RegistryAuthorization::host).toList();
    }

    public boolean anyNeedsRenewal(Instant now) {
        return all.stream().anyMatch(a -> a.needsRenewal(now));
    }
}
