package io.jenkins.plugins.ecrpipeline.ecr;

import io.jenkins.plugins.ecrpipeline.process.Secret;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;

/**
 * An ECR password for one registry host, and when it stops working.
 *
 * @param host the registry host, e.g. {@code 123456789012.dkr.ecr.eu-west-1.amazonaws.com}
 * @param password the password docker logs in with (user {@code AWS})
 * @param issuedAt when it was issued
 * @param expiresAt when ECR stops accepting it (12 h after issue on AWS)
 * @param region the region of the registry
 * @param credentialSource where the credentials that asked for it came from, for log lines
 */
public record EcrPassword(String host, Secret password, Instant issuedAt, Instant expiresAt, String region,
        String credentialSource) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The user name ECR passwords go with. */
    public static final String USER = "AWS";

    /** Renew this long before expiry: a quarter of the lifetime, at most an hour. */
    public Duration renewalMargin() {
        Duration quarter = Duration.between(issuedAt, expiresAt).dividedBy(4);
        return quarter.compareTo(Duration.ofHours(1)) > 0 ? Duration.ofHours(1) : quarter;
    }

    public boolean needsRenewal(Instant now) {
        return !now.isBefore(expiresAt.minus(renewalMargin()));
    }

    @Override
    public String toString() {
        return "EcrPassword[" + host + ", valid until " + expiresAt + "]";
    }
}
