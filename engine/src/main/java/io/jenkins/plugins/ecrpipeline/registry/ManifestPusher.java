package io.jenkins.plugins.ecrpipeline.registry;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Writes a manifest under a tag or its digest. */
final class ManifestPusher {
    private final RegistryEndpointCaller caller;

    ManifestPusher(RegistryEndpointCaller caller) {
        this.caller = caller;
    }

    /** ECR refuses to move an immutable tag with HTTP 400 and {@code TAG_INVALID}; the exception carries both. */
    void push(String repository, String reference, RegistryClient.Manifest manifest) throws InterruptedException {
        HttpResponse<byte[]> response = caller.send(() -> caller.request(repository, "/manifests/" + reference, RegistryEndpointCaller.SHORT)
                .header("Content-Type", manifest.mediaType()).PUT(HttpRequest.BodyPublishers.ofByteArray(manifest.bytes())),
                RegistryEndpointCaller.push(repository), HttpResponse.BodyHandlers.ofByteArray());
        caller.require(response, 201, "write manifest " + repository + ":" + reference);
    }
}
