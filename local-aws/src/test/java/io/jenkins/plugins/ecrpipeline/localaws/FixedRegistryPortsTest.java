package io.jenkins.plugins.ecrpipeline.localaws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.ecrpipeline.support.LocalStack;
import io.jenkins.plugins.ecrpipeline.support.LocalStackExtension;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.InstanceProfileCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;

/**
 * With fixed registry ports (what {@code --registry-port} and {@code --port}+1+n give), the n-th account's registry
 * host, the one ECR reports and docker logs in to, is that port, and it answers as a token-authenticated registry.
 */
@ExtendWith(LocalStackExtension.class)
class FixedRegistryPortsTest {
    /** A port p such that p and p+1 are free now. */
    private static int twoFreePorts() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket first = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int port = first.getLocalPort();
                if (port < 65535) {
                    try (ServerSocket second = new ServerSocket(port + 1, 1, InetAddress.getLoopbackAddress())) {
                        // Both bound at once: the pair was free.
                        return second.getLocalPort() - 1;
                    } catch (IOException taken) {
                        // try another pair
                    }
                }
            }
        }
        throw new IOException("no two adjacent free ports on 127.0.0.1");
    }

    @Test
    void eachAccountsRegistryHostIsItsFixedPort(LocalStack stack, @TempDir Path dir) throws Exception {
        int base = twoFreePorts();
        try (LocalAwsServer server = LocalAwsServer.startWithEcr(LocalAwsSettings.defaults(), 0, Clock.systemUTC(), dir, base);
                EcrClient ecr = EcrClient.builder().endpointOverride(server.endpoint()).region(Region.EU_WEST_1)
                        .httpClient(UrlConnectionHttpClient.create())
                        .credentialsProvider(InstanceProfileCredentialsProvider.builder().endpoint(server.endpoint().toString()).build()).build()) {
            assertEquals(Map.of("111111111111", "127.0.0.1:" + base, "222222222222", "127.0.0.1:" + (base + 1)), server.registryHosts());
            assertEquals("http://127.0.0.1:" + base, ecr.getAuthorizationToken().authorizationData().get(0).proxyEndpoint());
            assertEquals("127.0.0.1:" + base + "/fixed/web",
                    ecr.createRepository(r -> r.repositoryName("fixed/web")).repository().repositoryUri());
            for (int port : List.of(base, base + 1)) {
                HttpResponse<Void> challenge = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v2/"))
                        .build(), HttpResponse.BodyHandlers.discarding());
                assertEquals(401, challenge.statusCode());
                String header = challenge.headers().firstValue("WWW-Authenticate").orElse("");
                assertTrue(header.startsWith("Bearer realm=\"" + server.endpoint() + RegistryTokenEndpoint.PATH + "\""), header);
            }
        }
    }
}
