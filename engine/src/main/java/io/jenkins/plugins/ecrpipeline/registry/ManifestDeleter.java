package io.jenkins.plugins.ecrpipeline.registry;

import java.net.http.HttpResponse;
import java.util.List;

/** Deletes a manifest by digest; every tag on it goes with it. */
final class ManifestDeleter {
    private final RegistryEndpointCaller caller;

    ManifestDeleter(RegistryEndpointCaller caller) {
        this.caller = caller;
    }

    /** Fails with the status: 404 gone already, 405 deletes are switched off, others refused. */
    void delete(String repository, String digest) throws InterruptedException {
        HttpResponse<byte[]> response = caller.send(() -> caller.request(repository, "/manifests/" + digest, RegistryEndpointCaller.SHORT)
                .DELETE(), List.of("repository:" + repository + ":pull,delete"), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            caller.require(response, 202, "delete manifest " + repository + "@" + digest);
        }
    }
}
