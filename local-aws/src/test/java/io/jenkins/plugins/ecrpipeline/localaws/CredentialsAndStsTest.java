package io.jenkins.plugins.ecrpipeline.localaws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.ecrpipeline.support.MutableClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.InstanceProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import software.amazon.awssdk.services.sts.model.StsException;

/** The SDK for Java v2, unchanged, gets credentials from the local IMDS and calls the local STS with them. */
class CredentialsAndStsTest {
    private final MutableClock clock = new MutableClock();
    private LocalAwsServer server;

    @BeforeEach
    void start() throws Exception {
        server = LocalAwsServer.start(LocalAwsSettings.defaults(), 0, clock);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private InstanceProfileCredentialsProvider instanceProfile() {
        return InstanceProfileCredentialsProvider.builder().endpoint(server.endpoint().toString()).build();
    }

    private StsClient sts(AwsCredentialsProvider credentials) {
        return StsClient.builder().endpointOverride(server.endpoint()).region(Region.EU_WEST_1)
                .httpClient(UrlConnectionHttpClient.create()).credentialsProvider(credentials).build();
    }

    @Test
    void instanceProfileCredentialsIdentifyTheInstanceRole() {
        try (StsClient sts = sts(instanceProfile())) {
            GetCallerIdentityResponse me = sts.getCallerIdentity();
            assertEquals("111111111111", me.account());
            assertTrue(me.arn().startsWith("arn:aws:sts::111111111111:assumed-role/jenkins-agent/i-"), me.arn());
        }
    }

    @Test
    void assumeRoleIntoTheSecondAccountGivesItsIdentity() {
        try (StsClient fromInstance = sts(instanceProfile())) {
            AssumeRoleResponse assumed = fromInstance.assumeRole(r -> r.roleArn("arn:aws:iam::222222222222:role/image-pusher")
                    .roleSessionName("jenkins-nightly-42").durationSeconds(3600));
            AwsSessionCredentials credentials = AwsSessionCredentials.create(assumed.credentials().accessKeyId(),
                    assumed.credentials().secretAccessKey(), assumed.credentials().sessionToken());
            try (StsClient inSecondAccount = sts(StaticCredentialsProvider.create(credentials))) {
                GetCallerIdentityResponse me = inSecondAccount.getCallerIdentity();
                assertEquals("222222222222", me.account());
                assertEquals("arn:aws:sts::222222222222:assumed-role/image-pusher/jenkins-nightly-42", me.arn());
            }
        }
    }

    @Test
    void aUsersAccessKeySignsWithoutATokenAndItsRoleSessionsAreNotChained() {
        LocalAwsServer.AccessKey keys = server.issueUserKeys("222222222222", "ci-deployer");
        assertTrue(keys.accessKeyId().startsWith("AKIA"), keys.accessKeyId());
        assertTrue(server.issuedSecrets().contains(keys.secretAccessKey()));
        try (StsClient asUser = sts(StaticCredentialsProvider.create(AwsBasicCredentials.create(keys.accessKeyId(), keys.secretAccessKey())))) {
            GetCallerIdentityResponse me = asUser.getCallerIdentity();
            assertEquals("222222222222", me.account());
            assertEquals("arn:aws:iam::222222222222:user/ci-deployer", me.arn());
            // From a user, not from a role: a session may last longer than the hour role chaining allows.
            AssumeRoleResponse assumed = asUser.assumeRole(r -> r.roleArn("arn:aws:iam::111111111111:role/deployer")
                    .roleSessionName("ci").durationSeconds(7200));
            assertEquals("arn:aws:sts::111111111111:assumed-role/deployer/ci", assumed.assumedRoleUser().arn());
        }
        AwsSessionCredentials withAToken = AwsSessionCredentials.create(keys.accessKeyId(), keys.secretAccessKey(), "not-a-token");
        try (StsClient withToken = sts(StaticCredentialsProvider.create(withAToken))) {
            StsException e = assertThrows(StsException.class, withToken::getCallerIdentity);
            assertTrue(e.getMessage().contains("The security token included in the request is invalid"), e.getMessage());
        }
    }

    @Test
    void roleChainingIsLimitedToOneHour() {
        try (StsClient fromInstance = sts(instanceProfile())) {
            StsException e = assertThrows(StsException.class, () -> fromInstance.assumeRole(r -> r
                    .roleArn("arn:aws:iam::222222222222:role/image-pusher").roleSessionName("long").durationSeconds(7200)));
            assertEquals("ValidationError", e.awsErrorDetails().errorCode());
            assertTrue(e.getMessage().contains("1 hour session limit for roles assumed by role chaining"), e.getMessage());
        }
    }

    @Test
    void deniedRoleAndUnknownAccountAnswerAccessDeniedNamingThePrincipal() {
        try (StsClient fromInstance = sts(instanceProfile())) {
            for (String arn : new String[] {"arn:aws:iam::222222222222:role/denied-pusher", "arn:aws:iam::333333333333:role/x"}) {
                StsException e = assertThrows(StsException.class, () -> fromInstance.assumeRole(r -> r.roleArn(arn).roleSessionName("s1")));
                assertEquals("AccessDenied", e.awsErrorDetails().errorCode());
                assertEquals(403, e.statusCode());
                assertTrue(e.getMessage().contains("assumed-role/jenkins-agent/") && e.getMessage().contains("sts:AssumeRole on resource: " + arn),
                        e.getMessage());
            }
        }
    }

    @Test
    void wrongSecretKeyIsASignatureMismatch() {
        AwsSessionCredentials real = (AwsSessionCredentials) instanceProfile().resolveCredentials();
        AwsSessionCredentials forged = AwsSessionCredentials.create(real.accessKeyId(), real.secretAccessKey() + "x", real.sessionToken());
        try (StsClient sts = sts(StaticCredentialsProvider.create(forged))) {
            StsException e = assertThrows(StsException.class, sts::getCallerIdentity);
            assertEquals("SignatureDoesNotMatch", e.awsErrorDetails().errorCode());
        }
    }

    @Test
    void unknownAccessKeyIsRejected() {
        AwsSessionCredentials unknown = AwsSessionCredentials.create("ASIAUNKNOWNUNKNOWN00", "secret", "token");
        try (StsClient sts = sts(StaticCredentialsProvider.create(unknown))) {
            StsException e = assertThrows(StsException.class, sts::getCallerIdentity);
            assertEquals("InvalidClientTokenId", e.awsErrorDetails().errorCode());
        }
    }

    @Test
    void expiredCredentialsAreRejectedAndImdsHasRotatedByThen() {
        AwsSessionCredentials first = (AwsSessionCredentials) instanceProfile().resolveCredentials();
        clock.advance(Duration.ofHours(7));
        try (StsClient sts = sts(StaticCredentialsProvider.create(first))) {
            StsException e = assertThrows(StsException.class, sts::getCallerIdentity);
            assertEquals("ExpiredToken", e.awsErrorDetails().errorCode());
        }
        AwsSessionCredentials rotated = (AwsSessionCredentials) instanceProfile().resolveCredentials();
        assertNotEquals(first.accessKeyId(), rotated.accessKeyId());
    }

    @Test
    void imdsOffersNewCredentialsBeforeTheOldOnesExpire() {
        AwsSessionCredentials first = (AwsSessionCredentials) instanceProfile().resolveCredentials();
        clock.advance(Duration.ofHours(6).minusMinutes(4));
        AwsSessionCredentials next = (AwsSessionCredentials) instanceProfile().resolveCredentials();
        assertNotEquals(first.accessKeyId(), next.accessKeyId(), "rotated within 5 minutes of expiry");
        // A signed call would now fail the 15-minute clock-skew check, so compare the expiry itself.
        assertTrue(first.expirationTime().orElseThrow().isAfter(clock.instant()), "the old set has not expired yet");
        assertTrue(next.expirationTime().orElseThrow().isAfter(first.expirationTime().orElseThrow()));
    }

    @Test
    void imdsV1IsRefusedUnlessAllowed() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest v1 = HttpRequest.newBuilder(server.endpoint().resolve("/latest/meta-data/iam/security-credentials/")).build();
        assertEquals(401, http.send(v1, HttpResponse.BodyHandlers.ofString()).statusCode());
        server.setFaults(new Faults(0, 0, 0, null, true, false, null, null));
        HttpResponse<String> allowed = http.send(v1, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, allowed.statusCode());
        assertEquals("jenkins-agent", allowed.body());
    }

    @Test
    void tokenPutWithoutTtlIsABadRequest() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.endpoint().resolve("/latest/api/token"))
                .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, response.statusCode());
    }

    @Test
    void hopLimitSwitchMakesTheTokenPutHang() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String faults = "{\"imdsHopLimitExceeded\": true}";
        http.send(HttpRequest.newBuilder(server.endpoint().resolve(LocalAwsServer.ADMIN_FAULTS))
                .PUT(HttpRequest.BodyPublishers.ofString(faults)).build(), HttpResponse.BodyHandlers.ofString());
        HttpRequest put = HttpRequest.newBuilder(server.endpoint().resolve("/latest/api/token")).timeout(Duration.ofSeconds(1))
                .header("X-aws-ec2-metadata-token-ttl-seconds", "60").PUT(HttpRequest.BodyPublishers.noBody()).build();
        assertThrows(HttpTimeoutException.class, () -> http.send(put, HttpResponse.BodyHandlers.ofString()));
        assertTrue(server.faults().imdsHopLimitExceeded());
    }

    @Test
    void identityDocumentGivesAccountAndRegion() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String token = http.send(HttpRequest.newBuilder(server.endpoint().resolve("/latest/api/token"))
                .header("X-aws-ec2-metadata-token-ttl-seconds", "60").PUT(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        String doc = http.send(HttpRequest.newBuilder(URI.create(server.endpoint() + "/latest/dynamic/instance-identity/document"))
                .header("X-aws-ec2-metadata-token", token).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(doc.contains("\"accountId\" : \"111111111111\"") && doc.contains("\"region\" : \"eu-west-1\""), doc);
    }
}
