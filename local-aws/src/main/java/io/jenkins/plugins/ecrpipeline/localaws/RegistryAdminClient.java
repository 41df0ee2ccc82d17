package io.jenkins.plugins.ecrpipeline.localaws;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * The local ECR's own calls to an account's registry (manifest put and delete), with a short admin token, straight to
 * the registry: PutImage decides tag immutability itself and answers it in ECR's API.
 */
final class RegistryAdminClient {
    static final String ALL_MANIFEST_TYPES = String.join(",", ManifestTypes.ALL);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final RegistryTokenSigner signer;

    RegistryAdminClient(RegistryTokenSigner signer) {
        this.signer = signer;
    }

    private HttpRequest.Builder request(AccountRegistry registry, String repository, String reference) {
        String token = signer.sign("local-aws-admin", AccountRegistry.serviceName(registry.account()),
                List.of(new RegistryTokenSigner.Access(repository, List.of("pull", "push", "delete"))), Duration.ofMinutes(5));
        return HttpRequest.newBuilder(registry.registryEndpoint().resolve("/v2/" + repository + "/manifests/" + reference))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token);
    }

    /** @return the HTTP status and body of the registry's answer */
    HttpResponse<String> putManifest(AccountRegistry registry, String repository, String reference, String mediaType, byte[] manifest)
            throws IOException, InterruptedException {
        return http.send(request(registry, repository, reference).header("Content-Type", mediaType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(manifest)).build(), HttpResponse.BodyHandlers.ofString());
    }

    int deleteManifest(AccountRegistry registry, String repository, String digest) throws IOException, InterruptedException {
        return http.send(request(registry, repository, digest).DELETE().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
