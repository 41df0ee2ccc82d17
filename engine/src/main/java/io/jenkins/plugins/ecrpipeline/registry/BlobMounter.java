package io.jenkins.plugins.ecrpipeline.registry;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;

/** Links a blob of another repository of the same registry (a cross-repository mount). */
final class BlobMounter {
    private final RegistryEndpointCaller caller;

    BlobMounter(RegistryEndpointCaller caller) {
        this.caller = caller;
    }

    /**
     * A registry that cannot mount starts an upload instead (202), which is cancelled here; the caller copies the
     * blob then.
     *
     * @return whether the blob was mounted
     */
    boolean mount(String repository, String digest, String fromRepository) throws InterruptedException {
        List<String> scopes = List.of("repository:" + repository + ":pull,push", "repository:" + fromRepository + ":pull");
        HttpResponse<Void> response = caller.send(() -> caller.request(repository, "/blobs/uploads/?mount="
                + RegistryAuthenticator.encode(digest) + "&from=" + RegistryAuthenticator.encode(fromRepository), RegistryEndpointCaller.SHORT)
                .POST(HttpRequest.BodyPublishers.noBody()), scopes, HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 201) {
            return true;
        }
        if (response.statusCode() == 202) {
            Optional<String> location = response.headers().firstValue("Location");
            if (location.isPresent()) {
                URI upload = caller.resolve(location.get());
                caller.send(() -> HttpRequest.newBuilder(upload).timeout(RegistryEndpointCaller.SHORT).DELETE(), scopes,
                        HttpResponse.BodyHandlers.discarding());
            }
            return false;
        }
        caller.require(response, 201, "mount blob " + digest + " from " + fromRepository + " into " + repository);
        return false;
    }
}
