package io.jenkins.plugins.ecrpipeline.registry;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Whether a repository holds a blob (HEAD). */
final class BlobChecker {
    private final RegistryEndpointCaller caller;

    BlobChecker(RegistryEndpointCaller caller) {
        this.caller = caller;
    }

    boolean exists(String repository, String digest) throws InterruptedException {
        HttpResponse<Void> response = caller.send(() -> caller.request(repository, "/blobs/" + digest, RegistryEndpointCaller.SHORT)
                .method("HEAD", HttpRequest.BodyPublishers.noBody()), RegistryEndpointCaller.pull(repository),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 404) {
            return false;
        }
        // A redirect to storage means the blob is there.
        if (response.statusCode() == 307 || response.statusCode() == 302) {
            return true;
        }
        caller.require(response, 200, "check blob " + digest + " in " + repository);
        return true;
    }
}
