package io.jenkins.plugins.ecrpipeline.cleanup;

import io.jenkins.plugins.ecrpipeline.Retrying;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.ecrpipeline.PipelineException;
import io.jenkins.plugins.ecrpipeline.process.Host;
import io.jenkins.plugins.ecrpipeline.registry.Manifests;
import io.jenkins.plugins.ecrpipeline.registry.RegistryClient;
import io.jenkins.plugins.ecrpipeline.registry.RegistryCredentials;
import io.jenkins.plugins.ecrpipeline.registry.RegistryException;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Cleanup through any registry's HTTP API (OCI distribution): the tag list, manifest GET, and manifest DELETE by
 * digest. The API has no push time, so images are aged by their config's {@code created} time (an index by its
 * {@code org.opencontainers.image.created} annotation, else its newest platform image); it cannot list untagged
 * manifests either, so what a deleted index referenced is deleted with it (the plan says so), not left unreachable.
 */
final class RegistryCleanupBackend implements CleanupBackend {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String registry;
    /** The registry's login (docker config, credential helper), or null for none; read once, before any thread starts. */
    private final RegistryClient.Login login;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final Clock clock;
    private final ApiCalls calls = new ApiCalls();
    private final Retrying retrying = Retrying.standard();

    RegistryCleanupBackend(String registry, RegistryClient.Login login, Clock clock) {
        this.registry = registry;
        this.login = login;
        this.clock = clock;
    }

    /** A backend with the logins {@code docker login} stored in the docker config ({@code null}: the host's). */
    public static RegistryCleanupBackend open(String registry, Host host, String dockerConfig) throws InterruptedException {
        String dir = dockerConfig != null ? host.resolve(dockerConfig).toString() : host.userDockerConfig();
        RegistryCredentials logins = RegistryCredentials.of(host.files().read(Path.of(dir, "config.json").toString()), Map.of(), host.runner());
        return new RegistryCleanupBackend(registry, logins.forRegistry(registry).orElse(null), host.clock());
    }

    /** One client per operation: a client keeps its tokens and is not shared between threads. */
    private RegistryClient client() {
        return new RegistryClient(http, registry, login);
    }

    @Override
    public String registry() {
        return registry;
    }

    @Override
    public ApiCalls calls() {
        return calls;
    }

    @Override
    public boolean deletesChildrenWithIndex() {
        return true;
    }

    /** 5xx and 429 answers and broken connections pass. */
    private static boolean passing(RuntimeException e) {
        return e instanceof RegistryException answer && answer.isTransient();
    }

    @Override
    public List<String> repositories() throws InterruptedException {
        RegistryClient client = client();
        try {
            return retrying.call(calls, "catalog", RegistryCleanupBackend::passing, client::catalog).stream().sorted().toList();
        } catch (PipelineException e) {
            throw CleanupErrors.worded(e);
        }
    }

    @Override
    public RepositoryListing list(String repository) throws InterruptedException {
        try {
            return listing(repository);
        } catch (PipelineException e) {
            throw CleanupErrors.worded(e);
        }
    }

    private RepositoryListing listing(String repository) throws InterruptedException {
        RegistryClient client = client();
        List<String> tags = retrying.call(calls, "tags/list", RegistryCleanupBackend::passing, () -> client.tags(repository));
        Map<String, List<String>> tagsByDigest = new LinkedHashMap<>();
        Map<String, RegistryClient.Manifest> manifests = new LinkedHashMap<>();
        for (String tag : tags.stream().sorted().toList()) {
            Optional<RegistryClient.Manifest> m = retrying.call(calls, "manifest GET", RegistryCleanupBackend::passing,
                    () -> client.manifest(repository, tag));
            if (m.isPresent()) {
                manifests.putIfAbsent(m.get().digest(), m.get());
                tagsByDigest.computeIfAbsent(m.get().digest(), d -> new ArrayList<>()).add(tag);
            }
        }
        // Platform images of the indexes are untagged: only the indexes lead to them.
        Deque<String> pending = new ArrayDeque<>(manifests.keySet());
        Map<String, List<String>> children = new LinkedHashMap<>();
        while (!pending.isEmpty()) {
            RegistryClient.Manifest m = manifests.get(pending.pop());
            List<String> refs = parse(m).map(p -> p.manifests().stream().map(Manifests.Descriptor::digest).toList()).orElse(List.of());
            children.put(m.digest(), refs);
            for (String child : refs) {
                if (!manifests.containsKey(child)) {
                    Optional<RegistryClient.Manifest> c = retrying.call(calls, "manifest GET", RegistryCleanupBackend::passing,
                            () -> client.manifest(repository, child));
                    if (c.isPresent()) {
                        manifests.put(child, c.get());
                        pending.add(child);
                    }
                }
            }
        }
        Map<String, Instant> created = new LinkedHashMap<>();
        for (RegistryClient.Manifest m : manifests.values()) {
            Optional<Manifests.Parsed> p = parse(m);
            if (p.isPresent() && !p.get().isIndex() && !p.get().blobs().isEmpty()) {
                String config = p.get().blobs().get(0).digest();
                Optional<byte[]> bytes = retrying.call(calls, "blob GET", RegistryCleanupBackend::passing, () -> client.smallBlob(repository, config));
                bytes.flatMap(RegistryCleanupBackend::createdOf).ifPresent(t -> created.put(m.digest(), t));
            } else {
                annotationCreated(m).ifPresent(t -> created.put(m.digest(), t));
            }
        }
        List<ImageRecord> images = new ArrayList<>();
        // An image whose age cannot be told counts as pushed just now: no age rule deletes it.
        Instant unknown = clock.instant().plusSeconds(1);
        for (RegistryClient.Manifest m : manifests.values()) {
            Optional<Manifests.Parsed> p = parse(m);
            List<String> refs = children.getOrDefault(m.digest(), List.of());
            Instant when = created.get(m.digest());
            if (when == null && !refs.isEmpty()) {
                when = refs.stream().map(created::get).filter(t -> t != null).max(Instant::compareTo).orElse(null);
            }
            long size = p.map(x -> x.blobs().stream().mapToLong(Manifests.Descriptor::size).sum()).orElse(0L) + m.bytes().length;
            images.add(new ImageRecord(m.digest(), tagsByDigest.getOrDefault(m.digest(), List.of()), when != null ? when : unknown, size,
                    m.mediaType(), refs));
        }
        return new RepositoryListing(repository, images);
    }

    private static Optional<Manifests.Parsed> parse(RegistryClient.Manifest m) {
        try {
            return Optional.of(Manifests.parse(m.bytes(), m.mediaType()));
        } catch (PipelineException e) {
            // A manifest type cleanup does not know (schema 1, an artifact): an image with no references.
            return Optional.empty();
        }
    }

    private static Optional<Instant> createdOf(byte[] config) {
        try {
            return instant(JSON.readTree(config).path("created").asText(null));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<Instant> annotationCreated(RegistryClient.Manifest m) {
        try {
            JsonNode json = JSON.readTree(m.bytes());
            return instant(json.path("annotations").path("org.opencontainers.image.created").asText(null));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<Instant> instant(String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(text));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    @Override
    public DeleteResult delete(String repository, List<PlanEntry> images) throws InterruptedException {
        RegistryClient client = client();
        List<String> deleted = new ArrayList<>();
        List<DeleteFailure> failures = new ArrayList<>();
        for (PlanEntry e : images) {
            try {
                retrying.call(calls, "manifest DELETE", RegistryCleanupBackend::passing, () -> {
                    client.deleteManifest(repository, e.digest());
                    return null;
                });
                deleted.add(e.digest());
            } catch (PipelineException ex) {
                failures.add(CleanupErrors.deleteFailure(repository, e.digest(), ex));
            }
        }
        return new DeleteResult(deleted, failures);
    }

    @Override
    public void close() {
        // The JDK's HTTP client of Java 17 has nothing to close.
    }
}
