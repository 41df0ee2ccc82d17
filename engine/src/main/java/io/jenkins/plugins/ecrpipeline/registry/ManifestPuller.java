package io.jenkins.plugins.ecrpipeline.registry;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;

/** Reads manifests: the whole manifest (GET) or only the digest a reference names (HEAD). */
final class ManifestPuller {
    private final RegistryEndpointCaller caller;

    ManifestPuller(RegistryEndpointCaller caller) {
        this.caller = caller;
    }

    /** Every media type is accepted so that the registry serves the manifest unconverted; empty when unknown. */
    Optional<RegistryClient.Manifest> pull(String repository, String reference) throws InterruptedException {
        HttpResponse<byte[]> response = caller.send(() -> caller.request(repository, "/manifests/" + reference, RegistryEndpointCaller.SHORT)
                .header("Accept", String.join(", ", Manifests.ALL)).GET(), RegistryEndpointCaller.pull(repository),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        caller.require(response, 200, "read manifest " + repository + ":" + reference);
        byte[] bytes = response.body();
        String mediaType = response.headers().firstValue("Content-Type").map(t -> t.split(";")[0].strip()).orElse(null);
        return Optional.of(new RegistryClient.Manifest(Manifests.digest(bytes), Manifests.parse(bytes, mediaType).mediaType(), bytes));
    }

    /** The digest a tag (or digest) points at now, or empty when the repository does not hold it. */
    Optional<String> digest(String repository, String reference) throws InterruptedException {
        HttpResponse<Void> response = caller.send(() -> caller.request(repository, "/manifests/" + reference, RegistryEndpointCaller.SHORT)
                .header("Accept", String.join(", ", Manifests.ALL)).method("HEAD", HttpRequest.BodyPublishers.noBody()),
                RegistryEndpointCaller.pull(repository), HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        caller.require(response, 200, "check manifest " + repository + ":" + reference);
        Optional<String> header = response.headers().firstValue("Docker-Content-Digest");
        // Not every registry sends the header on HEAD; the bytes decide then.
        return header.isPresent() ? header : pull(repository, reference).map(RegistryClient.Manifest::digest);
    }
}
