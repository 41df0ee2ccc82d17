package io.jenkins.plugins.ecrpipeline.ecr;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;

/**
 * Passwords for every registry one login covers, in login order: each role's account first, in the order the roles
 * were given, then the agent's own account. The first is the primary registry ({@link #primaryHost()}).
 */
public record EcrPasswords(List<EcrPassword> all) implements Serializable {
    private static final long serialVersionUID = 1L;

    public EcrPasswords {
        all = List.copyOf(all);
    }

    /**
     * The registry a command acts on when none is named: the first role's account when a role was given, else the
     * agent's own (the original job's {@code AWS_ECR_DOMAIN}).
     */
    public String primaryHost() {
        return all.get(0).host();
    }

    public List<String> hosts() {
        return all.stream().map(EcrPassword::host).toList();
    }

    public boolean anyNeedsRenewal(Instant now) {
        return all.stream().anyMatch(a -> a.needsRenewal(now));
    }
}
