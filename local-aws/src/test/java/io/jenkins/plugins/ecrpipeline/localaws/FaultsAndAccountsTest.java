package io.jenkins.plugins.ecrpipeline.localaws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.ecrpipeline.support.LocalStackExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.AuthorizationData;
import software.amazon.awssdk.services.ecr.model.EcrException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/** Injected faults reach clients as AWS would send them; two accounts are two registries. */
@ExtendWith({LocalStackExtension.class, LocalEcrExtension.class})
class FaultsAndAccountsTest {
    private LocalEcrFixture aws;

    @BeforeEach
    void start(LocalEcrFixture fixture) {
        aws = fixture;
    }


    private EcrClient ecrWithoutRetries() {
        return EcrClient.builder().endpointOverride(aws.server.endpoint()).region(Region.EU_WEST_1)
                .httpClient(UrlConnectionHttpClient.create()).credentialsProvider(aws.instanceProfile())
                .overrideConfiguration(ClientOverrideConfiguration.builder().retryStrategy(RetryMode.STANDARD)
                        .retryStrategy(b -> b.maxAttempts(1)).build()).build();
    }

    @Test
    void throttlingServerErrorsAndUnavailabilityComeBackAsAwsErrors() {
        try (EcrClient ecr = ecrWithoutRetries()) {
            aws.server.setFaults(new Faults(1, 0, 0, null, false, false, null, null));
            EcrException throttled = assertThrows(EcrException.class, ecr::describeRepositories);
            assertEquals("ThrottlingException", throttled.awsErrorDetails().errorCode());
            assertTrue(throttled.isThrottlingException());

            aws.server.setFaults(new Faults(0, 1, 0, null, false, false, null, null));
            assertEquals(500, assertThrows(EcrException.class, ecr::describeRepositories).statusCode());

            aws.server.setFaults(new Faults(0, 0, 1, null, false, false, null, null));
            assertEquals(503, assertThrows(EcrException.class, ecr::describeRepositories).statusCode());
        }
    }

    @Test
    void sdkRetriesThroughOccasionalThrottling() {
        aws.server.setFaults(new Faults(2, 0, 0, null, false, false, null, null));
        try (EcrClient ecr = aws.ecr(aws.instanceProfile())) {
            for (int i = 0; i < 5; i++) {
                ecr.describeRepositories();
            }
        }
    }

    @Test
    void addedLatencyDelaysEveryApiCall() {
        try (EcrClient ecr = aws.ecr(aws.instanceProfile())) {
            ecr.describeRepositories();
            aws.server.setFaults(new Faults(0, 0, 0, Duration.ofMillis(400), false, false, null, null));
            long start = System.nanoTime();
            ecr.describeRepositories();
            assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() >= 400, "the call waited for the injected latency");
        }
    }

    @Test
    void shortAuthorizationTokenLifetime() {
        aws.server.setFaults(new Faults(0, 0, 0, null, false, false, null, Duration.ofSeconds(30)));
        try (EcrClient ecr = aws.ecr(aws.instanceProfile())) {
            AuthorizationData auth = ecr.getAuthorizationToken().authorizationData().get(0);
            long seconds = Duration.between(java.time.Instant.now(), auth.expiresAt()).toSeconds();
            assertTrue(seconds > 25 && seconds <= 30, "expires in " + seconds + " s");
        }
    }

    @Test
    void assumedRoleInTheSecondAccountPushesToItsOwnRegistry() throws Exception {
        Credentials assumed;
        try (StsClient sts = StsClient.builder().endpointOverride(aws.server.endpoint()).region(Region.EU_WEST_1)
                .httpClient(UrlConnectionHttpClient.create()).credentialsProvider(aws.instanceProfile()).build()) {
            assumed = sts.assumeRole(r -> r.roleArn("arn:aws:iam::222222222222:role/image-pusher").roleSessionName("cross")).credentials();
        }
        AwsSessionCredentials second = AwsSessionCredentials.create(assumed.accessKeyId(), assumed.secretAccessKey(), assumed.sessionToken());
        try (EcrClient first = aws.ecr(aws.instanceProfile()); EcrClient other = aws.ecr(StaticCredentialsProvider.create(second))) {
            first.createRepository(r -> r.repositoryName("shared"));
            other.createRepository(r -> r.repositoryName("shared"));
            AuthorizationData firstAuth = first.getAuthorizationToken().authorizationData().get(0);
            AuthorizationData otherAuth = other.getAuthorizationToken().authorizationData().get(0);
            assertNotEquals(firstAuth.proxyEndpoint(), otherAuth.proxyEndpoint(), "each account has its own registry host");

            Path config = aws.dockerLogin(otherAuth);
            String image = otherAuth.proxyEndpoint().substring("http://".length()) + "/shared:intermediate";
            aws.docker(config, "tag", aws.stack.baseImage(), image);
            aws.docker(config, "push", image);

            assertEquals(List.of("intermediate"), other.describeImages(r -> r.repositoryName("shared")).imageDetails().get(0).imageTags());
            assertEquals(List.of(), first.describeImages(r -> r.repositoryName("shared")).imageDetails(), "the first account saw nothing");
            assertEquals("222222222222", other.describeRepositories().repositories().get(0).registryId());

            // A password for one account does not open the other account's registry.
            String wrongHost = firstAuth.proxyEndpoint().substring("http://".length());
            AuthorizationData mismatched = otherAuth.toBuilder().proxyEndpoint("http://" + wrongHost).build();
            assertThrows(IllegalStateException.class, () -> aws.dockerLogin(mismatched));
        }
    }
}
