package io.jenkins.plugins.ecrpipeline.localaws;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.ecrpipeline.support.LocalStack;
import io.jenkins.plugins.ecrpipeline.support.LocalStackExtension;
import io.jenkins.plugins.ecrpipeline.support.MutableClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.AuthorizationData;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;

/**
 * A layer GET is answered as ECR answers it: a redirect to a short-lived signed URL (ECR's point at S3) that serves the
 * layer without a registry token; a GET that may not pull gets the registry's challenge, and a tampered or expired URL
 * is refused. docker pull follows the redirect.
 */
@ExtendWith(LocalStackExtension.class)
class LayerDownloadsTest {
    private final MutableClock clock = new MutableClock();
    private final HttpClient http = HttpClient.newHttpClient();
    private LocalEcrFixture aws;
    private EcrClient ecr;
    private AuthorizationData auth;
    private Path config;
    private String image;
    private String layer;

    @BeforeEach
    void pushAnImage(LocalStack stack, @TempDir Path dir) throws Exception {
        aws = new LocalEcrFixture(stack, dir, clock);
        ecr = aws.ecr(aws.instanceProfile());
        ecr.createRepository(r -> r.repositoryName("pull/web"));
        auth = ecr.getAuthorizationToken().authorizationData().get(0);
        config = aws.dockerLogin(auth);
        image = URI.create(auth.proxyEndpoint()).getAuthority() + "/pull/web:latest";
        aws.docker(config, "tag", aws.stack.baseImage(), image);
        aws.docker(config, "push", image);
        String manifest = ecr.batchGetImage(r -> r.repositoryName("pull/web").imageIds(ImageIdentifier.builder().imageTag("latest").build())).images().get(0).imageManifest();
        layer = new ObjectMapper().readTree(manifest).path("layers").get(0).path("digest").asText();
    }

    @AfterEach
    void stop() {
        ecr.close();
        aws.close();
    }

    private HttpResponse<byte[]> get(String url, String token, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private String signedUrl() throws Exception {
        HttpResponse<byte[]> redirect = get(auth.proxyEndpoint() + "/v2/pull/web/blobs/" + layer, aws.registryToken(auth, "pull/web", "pull"));
        assertEquals(307, redirect.statusCode());
        return redirect.headers().firstValue("Location").orElseThrow();
    }

    @Test
    void aLayerGetIsRedirectedToASignedUrlThatServesTheLayerWithoutAToken() throws Exception {
        String signed = signedUrl();

        HttpResponse<byte[]> whole = get(signed, null);
        HttpResponse<byte[]> part = get(signed, null, "Range", "bytes=0-9");

        assertTrue(signed.startsWith(auth.proxyEndpoint() + "/"), "the signed URL is on the registry host ECR reports: " + signed);
        assertEquals(200, whole.statusCode());
        assertEquals("sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(whole.body())), layer);
        assertEquals(String.valueOf(whole.body().length), whole.headers().firstValue("Content-Length").orElse(""));
        assertEquals(206, part.statusCode());
        assertArrayEquals(Arrays.copyOf(whole.body(), 10), part.body());
        assertEquals("bytes 0-9/" + whole.body().length, part.headers().firstValue("Content-Range").orElse(""));
    }

    @Test
    void aGetThatMayNotPullGetsTheRegistrysChallenge() throws Exception {
        HttpResponse<byte[]> anonymous = get(auth.proxyEndpoint() + "/v2/pull/web/blobs/" + layer, null);

        assertEquals(401, anonymous.statusCode());
        assertTrue(anonymous.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer realm="), anonymous.headers().toString());
    }

    @Test
    void aTamperedOrExpiredSignedUrlIsRefused() throws Exception {
        String signed = signedUrl();
        String tampered = signed.substring(0, signed.length() - 1) + (signed.endsWith("0") ? "1" : "0");

        assertEquals(403, get(tampered, null).statusCode());
        clock.advance(Duration.ofMinutes(21));
        assertEquals(403, get(signed, null).statusCode());
    }

    @Test
    void dockerPullFollowsTheRedirect() throws Exception {
        // An image docker does not have, so that it must download at least its config (the layer is the base image's).
        String variant = aws.variantImage("pulled");
        String pushed = URI.create(auth.proxyEndpoint()).getAuthority() + "/pull/web:variant";
        aws.docker(config, "tag", variant, pushed);
        aws.docker(config, "push", pushed);
        aws.docker(config, "rmi", variant, pushed);

        String pulled = aws.docker(config, "pull", pushed);

        assertTrue(pulled.contains("Downloaded newer image for " + pushed), pulled);
        assertTrue(aws.docker(config, "image", "inspect", "--format", "{{.Config.Labels.variant}}", pushed).contains("pulled"));
    }
}
