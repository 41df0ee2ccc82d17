package io.jenkins.plugins.ecrpipeline.localaws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.ecrpipeline.support.LocalStack;
import io.jenkins.plugins.ecrpipeline.support.LocalStackExtension;
import io.jenkins.plugins.ecrpipeline.support.MutableClock;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.AuthorizationData;
import software.amazon.awssdk.services.ecr.model.EcrException;

/** The local ECR refuses what AWS refuses, with AWS's codes. */
@ExtendWith(LocalStackExtension.class)
class EcrRejectsBadRequestsTest {
    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock();
    private LocalEcrFixture aws;

    @BeforeEach
    void start(LocalStack stack) throws Exception {
        aws = new LocalEcrFixture(stack, dir, clock);
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    private AwsSessionCredentials instanceCredentials() {
        return (AwsSessionCredentials) aws.instanceProfile().resolveCredentials();
    }

    /** Sends a JSON body signed by the SDK's own SigV4 signer for {@code service}. */
    private HttpResponse<String> signedCall(AwsSessionCredentials credentials, String service, String operation, String json) throws Exception {
        URI uri = aws.server.endpoint().resolve("/");
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(uri)
                .putHeader("Content-Type", "application/x-amz-json-1.1")
                .putHeader("X-Amz-Target", "AmazonEC2ContainerRegistry_V20150921." + operation).build();
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r.identity(credentials).request(request)
                .payload(() -> new ByteArrayInputStream(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, "eu-west-1"));
        HttpRequest.Builder http = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        signed.request().headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Host") && !name.equalsIgnoreCase("Content-Length")) {
                values.forEach(v -> http.header(name, v));
            }
        });
        return HttpClient.newHttpClient().send(http.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void correctlySignedRawRequestIsAccepted() throws Exception {
        HttpResponse<String> response = signedCall(instanceCredentials(), "ecr", "DescribeRepositories", "{}");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("{\"repositories\":[]}", response.body());
    }

    @Test
    void unknownMemberIsRejectedNamingIt() throws Exception {
        HttpResponse<String> response = signedCall(instanceCredentials(), "ecr", "DescribeRepositories", "{\"repositoryNamez\":[\"x\"]}");
        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("\"__type\":\"InvalidParameterException\"") && response.body().contains("repositoryNamez"),
                response.body());
    }

    @Test
    void signatureForAnotherServiceIsRejected() throws Exception {
        HttpResponse<String> response = signedCall(instanceCredentials(), "sts", "DescribeRepositories", "{}");
        assertEquals(403, response.statusCode());
        assertTrue(response.body().contains("InvalidSignatureException"), response.body());
    }

    @Test
    void tamperedBodyBreaksTheSignature() throws Exception {
        AwsSessionCredentials forged = AwsSessionCredentials.create(instanceCredentials().accessKeyId(), "wrong-secret",
                instanceCredentials().sessionToken());
        try (EcrClient ecr = aws.ecr(StaticCredentialsProvider.create(forged))) {
            EcrException e = assertThrows(EcrException.class, ecr::describeRepositories);
            assertEquals("InvalidSignatureException", e.awsErrorDetails().errorCode());
        }
    }

    @Test
    void expiredCredentialsAreRejected() {
        AwsSessionCredentials credentials = instanceCredentials();
        clock.advance(Duration.ofHours(7));
        try (EcrClient ecr = aws.ecr(StaticCredentialsProvider.create(credentials))) {
            EcrException e = assertThrows(EcrException.class, ecr::describeRepositories);
            assertEquals("ExpiredTokenException", e.awsErrorDetails().errorCode());
        }
    }

    @Test
    void crossAccountRegistryIdIsDenied() {
        try (EcrClient ecr = aws.ecr(aws.instanceProfile())) {
            EcrException e = assertThrows(EcrException.class, () -> ecr.describeRepositories(r -> r.registryId("222222222222")));
            assertEquals("AccessDeniedException", e.awsErrorDetails().errorCode());
            assertTrue(e.getMessage().contains("assumed-role/jenkins-agent/") && e.getMessage().contains("ecr:DescribeRepositories"), e.getMessage());
        }
    }

    @Test
    void expiredRegistryPasswordStopsWorking() throws Exception {
        try (EcrClient ecr = aws.ecr(aws.instanceProfile())) {
            AuthorizationData auth = ecr.getAuthorizationToken().authorizationData().get(0);
            assertEquals(12 * 3600, Duration.between(clock.instant(), auth.expiresAt()).toSeconds(), 5);
            aws.dockerLogin(auth);
            clock.advance(Duration.ofHours(13));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> aws.dockerLogin(auth));
            assertTrue(e.getMessage().contains("401") || e.getMessage().contains("unauthorized"), e.getMessage());
        }
    }
}
