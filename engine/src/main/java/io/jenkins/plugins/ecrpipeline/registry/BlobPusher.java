package io.jenkins.plugins.ecrpipeline.registry;

import io.jenkins.plugins.ecrpipeline.PipelineException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Monolithic blob uploads: POST for an upload location, then one PUT with the digest. */
final class BlobPusher {
    private final RegistryEndpointCaller caller;

    BlobPusher(RegistryEndpointCaller caller) {
        this.caller = caller;
    }

    /** A small blob (an image config, a tiny layer) from memory. */
    void push(String repository, byte[] content) throws InterruptedException {
        String digest = Manifests.digest(content);
        URI put = withDigest(start(repository, digest), digest);
        HttpResponse<byte[]> done = caller.send(() -> HttpRequest.newBuilder(put).timeout(RegistryEndpointCaller.SHORT)
                .header("Content-Type", "application/octet-stream").PUT(HttpRequest.BodyPublishers.ofByteArray(content)),
                RegistryEndpointCaller.push(repository), HttpResponse.BodyHandlers.ofByteArray());
        caller.require(done, 201, "upload blob " + digest + " to " + repository);
    }

    /** A blob streamed from {@code content}: never held whole in memory or on disk. */
    void push(String repository, Manifests.Descriptor blob, InputStream content) throws InterruptedException {
        URI put = withDigest(start(repository, blob.digest()), blob.digest());
        // Authorized already by the POST above, so the streamed body is sent once.
        HttpRequest.Builder builder = HttpRequest.newBuilder(put).timeout(RegistryEndpointCaller.BLOB).header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> content), blob.size()));
        HttpResponse<byte[]> done;
        try {
            done = caller.sendOnce(builder, RegistryEndpointCaller.push(repository), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw RegistryException.noAnswer(caller.registry(), "upload blob " + blob.digest() + " to " + repository, "copying blob "
                    + blob.digest() + " to " + caller.registry() + "/" + repository + " failed: " + e.getMessage(), e);
        }
        caller.require(done, 201, "upload blob " + blob.digest() + " to " + repository);
    }

    private URI start(String repository, String digest) throws InterruptedException {
        HttpResponse<Void> started = caller.send(() -> caller.request(repository, "/blobs/uploads/", RegistryEndpointCaller.SHORT)
                .POST(HttpRequest.BodyPublishers.noBody()), RegistryEndpointCaller.push(repository), HttpResponse.BodyHandlers.discarding());
        caller.require(started, 202, "start an upload of " + digest + " to " + repository);
        return caller.resolve(started.headers().firstValue("Location")
                .orElseThrow(() -> new PipelineException("registry " + caller.registry() + " started an upload without a Location header")));
    }

    private static URI withDigest(URI location, String digest) {
        return URI.create(location + (location.getRawQuery() == null ? "?" : "&") + "digest=" + RegistryAuthenticator.encode(digest));
    }
}
