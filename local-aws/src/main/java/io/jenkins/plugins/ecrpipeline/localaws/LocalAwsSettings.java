package io.jenkins.plugins.ecrpipeline.localaws;

import java.time.Duration;
import java.util.List;

/**
 * How the local AWS endpoints start.
 *
 * @param accounts the local accounts; the first one owns the instance (its IMDS role)
 * @param region the region of the instance identity document
 * @param instanceRole the role name behind the instance profile
 * @param credentialLifetime how long IMDS and STS credentials live (AWS: about 6 h for instance roles)
 * @param authorizationTokenLifetime how long an ECR password lives (AWS: 12 h)
 */
public record LocalAwsSettings(List<String> accounts, String region, String instanceRole, Duration credentialLifetime,
        Duration authorizationTokenLifetime) {
    public LocalAwsSettings {
        accounts = List.copyOf(accounts);
        if (accounts.isEmpty()) {
            throw new IllegalArgumentException("at least one account");
        }
        for (String account : accounts) {
            if (!account.matches("[0-9]{12}")) {
                throw new IllegalArgumentException("an account id has 12 digits: " + account);
            }
        }
    }

    public static LocalAwsSettings defaults() {
        return new LocalAwsSettings(List.of("111111111111", "222222222222"), "eu-west-1", "jenkins-agent",
                Duration.ofHours(6), Duration.ofHours(12));
    }

    public String instanceAccount() {
        return accounts.get(0);
    }
}
