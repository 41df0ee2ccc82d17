package io.jenkins.plugins.ecrpipeline.registry;

import io.jenkins.plugins.ecrpipeline.PipelineException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;

/** Blob uploads: POST for an upload location, then the content in one PUT (small blobs) or one streamed PATCH and a closing PUT. */
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

    /**
     * A blob streamed from {@code content}, never held whole in memory or on disk: one PATCH carries the whole stream
     * (the distribution API's streamed upload, as docker, skopeo and jib push), then an empty PUT names the digest.
     * A registry that sets a minimum chunk size ({@code OCI-Chunk-Min-Length}) is served by the one chunk, whatever
     * its size; and docker-registry behind local-aws's front takes a PATCH faster than a PUT with a body (bench/registry-front).
     */
    void push(String repository, Manifests.Descriptor blob, InputStream content) throws InterruptedException {
        String action = "upload blob " + blob.digest() + " to " + repository;
        URI upload = start(repository, blob.digest());
        // Authorized already by the POST above, so the streamed body is sent once.
        HttpRequest.Builder patch = HttpRequest.newBuilder(upload).timeout(RegistryEndpointCaller.BLOB)
                .header("Content-Type", "application/octet-stream")
                .method("PATCH", HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> content), blob.size()));
        HttpResponse<byte[]> sent;
        try {
            sent = caller.sendOnce(patch, RegistryEndpointCaller.push(repository), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw RegistryException.noAnswer(caller.registry(), action, "copying blob " + blob.digest() + " to " + caller.registry() + "/"
                    + repository + " failed: " + e.getMessage(), e);
        }
        caller.require(sent, 202, action);
        URI put = withDigest(location(sent.headers().firstValue("Location"), upload), blob.digest());
        HttpResponse<byte[]> done = caller.send(() -> HttpRequest.newBuilder(put).timeout(RegistryEndpointCaller.SHORT)
                .PUT(HttpRequest.BodyPublishers.noBody()), RegistryEndpointCaller.push(repository), HttpResponse.BodyHandlers.ofByteArray());
        caller.require(done, 201, action);
    }

    private URI start(String repository, String digest) throws InterruptedException {
        HttpResponse<Void> started = caller.send(() -> caller.request(repository, "/blobs/uploads/", RegistryEndpointCaller.SHORT)
                .POST(HttpRequest.BodyPublishers.noBody()), RegistryEndpointCaller.push(repository), HttpResponse.BodyHandlers.discarding());
        caller.require(started, 202, "start an upload of " + digest + " to " + repository);
        return location(started.headers().firstValue("Location"), null);
    }

    /** Each answer of an upload names where it goes on (the spec lets the URL change); without one, only {@code previous} is left. */
    private URI location(Optional<String> header, URI previous) {
        if (header.isPresent()) {
            return caller.resolve(header.get());
        }
        if (previous != null) {
            return previous;
        }
        throw new PipelineException("registry " + caller.registry() + " started an upload without a Location header");
    }

    private static URI withDigest(URI location, String digest) {
        return URI.create(location + (location.getRawQuery() == null ? "?" : "&") + "digest=" + RegistryAuthenticator.encode(digest));
    }
}
