package io.jenkins.plugins.ecrpipeline.registry;

import io.jenkins.plugins.ecrpipeline.process.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * One registry's HTTP API (OCI distribution), as promotion and cleanup use it: manifests, blob checks, mounts, copies
 * and uploads, the catalog, tag lists and manifest deletes. A thin front: {@link RegistryEndpointCaller} owns the
 * transport and the authentication retry, one class per operation does the rest, and every refusal is a
 * {@link RegistryException} that the caller words for its own users. It never runs docker. One instance may serve
 * several threads at once (promotion copies blobs in parallel): its only state is the registry's tokens, kept in a
 * concurrent cache.
 */
public final class RegistryClient {
    /** A user name and password for one registry (ECR: {@code AWS} and the GetAuthorizationToken password). */
    public record Login(String user, Secret password) {
        String basic() {
            return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password.reveal()).getBytes(StandardCharsets.UTF_8));
        }
    }

    /** A manifest as the registry serves it: the exact bytes, their digest and media type. */
    public record Manifest(String digest, String mediaType, byte[] bytes) {
    }

    private final String registry;
    private final RegistryEndpointCaller caller;

    /** @param login the registry's login, or null to go without (registries that allow anonymous reads) */
    public RegistryClient(HttpClient http, String registry, Login login) {
        this.registry = registry;
        this.caller = new RegistryEndpointCaller(http, registry, login);
    }

    public String registry() {
        return registry;
    }

    /** The manifest, served unconverted; empty when the repository does not hold it. */
    public Optional<Manifest> manifest(String repository, String reference) throws InterruptedException {
        return new ManifestPuller(caller).pull(repository, reference);
    }

    /** The digest a tag (or digest) points at now, or empty when the repository does not hold it. */
    public Optional<String> manifestDigest(String repository, String reference) throws InterruptedException {
        return new ManifestPuller(caller).digest(repository, reference);
    }

    public void putManifest(String repository, String reference, Manifest manifest) throws InterruptedException {
        new ManifestPusher(caller).push(repository, reference, manifest);
    }

    /** Deletes a manifest by digest (every tag on it goes with it); a refusal carries the registry's status. */
    public void deleteManifest(String repository, String digest) throws InterruptedException {
        new ManifestDeleter(caller).delete(repository, digest);
    }

    public boolean hasBlob(String repository, String digest) throws InterruptedException {
        return new BlobChecker(caller).exists(repository, digest);
    }

    /** Links a blob of another repository of this registry; false when the registry cannot, and the blob must be copied. */
    public boolean mountBlob(String repository, String digest, String fromRepository) throws InterruptedException {
        return new BlobMounter(caller).mount(repository, digest, fromRepository);
    }

    /** Copies one blob from {@code source} into {@code repository}: streamed, never held whole in memory or on disk. */
    public void copyBlob(RegistryClient source, String sourceRepository, String repository, Manifests.Descriptor blob) throws InterruptedException {
        try (InputStream content = new BlobPuller(source.caller).open(sourceRepository, blob.digest())) {
            new BlobPusher(caller).push(repository, blob, content);
        } catch (IOException e) {
            throw RegistryException.noAnswer(registry, "upload blob " + blob.digest() + " to " + repository, "copying blob "
                    + blob.digest() + " to " + registry + "/" + repository + " failed: " + e.getMessage(), e);
        }
    }

    /** Uploads a small blob in one request (an image config, a tiny layer); nothing happens when the repository holds it. */
    public void putBlob(String repository, byte[] content) throws InterruptedException {
        if (!hasBlob(repository, Manifests.digest(content))) {
            new BlobPusher(caller).push(repository, content);
        }
    }

    /** A small blob (an image config) whole; empty when the repository does not hold it. */
    public Optional<byte[]> smallBlob(String repository, String digest) throws InterruptedException {
        return new BlobPuller(caller).small(repository, digest);
    }

    /** Every repository the login may see ({@code /v2/_catalog}, all pages). */
    public List<String> catalog() throws InterruptedException {
        return new PagedLister(caller).catalog();
    }

    /** Every tag of the repository (all pages); empty when the repository does not exist. */
    public List<String> tags(String repository) throws InterruptedException {
        return new PagedLister(caller).tags(repository);
    }
}
