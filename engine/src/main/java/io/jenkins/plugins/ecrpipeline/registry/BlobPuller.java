package io.jenkins.plugins.ecrpipeline.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;

/** Reads blobs; registries that keep blobs elsewhere (ECR: S3) redirect, and the redirect carries its own authorization. */
final class BlobPuller {
    private static final int SMALL = 4 * 1024 * 1024;

    private final RegistryEndpointCaller caller;

    BlobPuller(RegistryEndpointCaller caller) {
        this.caller = caller;
    }

    /** The blob's content as a stream the caller closes. */
    InputStream open(String repository, String digest) throws InterruptedException {
        HttpResponse<InputStream> response = caller.send(() -> caller.request(repository, "/blobs/" + digest, RegistryEndpointCaller.BLOB).GET(),
                RegistryEndpointCaller.pull(repository), HttpResponse.BodyHandlers.ofInputStream());
        for (int redirects = 0; redirects < 5 && isRedirect(response.statusCode()); redirects++) {
            RegistryEndpointCaller.closeQuietly(response.body());
            URI target = caller.resolve(response.headers().firstValue("Location").orElseThrow());
            try {
                response = caller.sendElsewhere(HttpRequest.newBuilder(target).timeout(RegistryEndpointCaller.BLOB).GET().build(),
                        HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) {
                throw RegistryException.noAnswer(caller.registry(), "read blob " + digest,
                        "reading blob " + digest + " from " + target.getHost() + " failed: " + e.getMessage(), e);
            }
        }
        if (response.statusCode() != 200) {
            RegistryEndpointCaller.closeQuietly(response.body());
            throw new RegistryException(caller.registry(), "read blob " + digest + " of " + repository, response.statusCode(), List.of(), "",
                    "reading blob " + digest + " of " + caller.registry() + "/" + repository + " failed: HTTP " + response.statusCode(), null);
        }
        return response.body();
    }

    /** A small blob (an image config) whole; empty when the repository does not hold it. */
    Optional<byte[]> small(String repository, String digest) throws InterruptedException {
        try (InputStream content = open(repository, digest)) {
            return Optional.of(content.readNBytes(SMALL));
        } catch (RegistryException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        } catch (IOException e) {
            throw RegistryException.noAnswer(caller.registry(), "read blob " + digest,
                    "reading blob " + digest + " of " + caller.registry() + "/" + repository + " failed: " + e.getMessage(), e);
        }
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307;
    }
}
