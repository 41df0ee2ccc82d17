package io.jenkins.plugins.ecrpipeline.promote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.ecrpipeline.PipelineException;
import io.jenkins.plugins.ecrpipeline.process.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One registry's HTTP API (OCI distribution): manifests, blob checks, cross-repository mounts and monolithic blob
 * uploads, and for cleanup the catalog, tag lists and manifest deletes, with Basic or Bearer-token authentication as
 * the registry's challenge asks. Written on the JDK's HTTP client because no maintained Java library covers the
 * distribution API's push side; it never runs docker. One instance is for one thread at a time.
 */
public final class RegistryClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CHALLENGE_PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");
    private static final Duration SHORT = Duration.ofSeconds(60);
    private static final Duration BLOB = Duration.ofMinutes(30);

    /** A user name and password for one registry (ECR: {@code AWS} and the GetAuthorizationToken password). */
    public record Login(String user, Secret password) {
        String basic() {
            return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password.reveal()).getBytes(StandardCharsets.UTF_8));
        }
    }

    /** A manifest as the registry serves it: the exact bytes, their digest and media type. */
    public record Manifest(String digest, String mediaType, byte[] bytes) {
    }

    private final HttpClient http;
    private final String registry;
    private final URI base;
    private final Login login;
    private String scheme;
    private String realm;
    private String service;
    private final Map<String, String> tokens = new HashMap<>();
    private String lastError = "";

    /** @param login the registry's login, or null to go without (registries that allow anonymous reads) */
    public RegistryClient(HttpClient http, String registry, Login login) {
        this.http = http;
        this.registry = registry;
        this.base = URI.create((plainHttp(registry) ? "http://" : "https://") + registry);
        this.login = login;
    }

    /** Loopback registries (local tests, a registry on the agent) speak plain HTTP, as docker allows them to. */
    static boolean plainHttp(String registry) {
        String host = registry.startsWith("[") ? registry.substring(0, registry.indexOf(']') + 1)
                : registry.contains(":") ? registry.substring(0, registry.indexOf(':')) : registry;
        return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
    }

    public String registry() {
        return registry;
    }

    /** The manifest, with every media type accepted so that the registry serves it unconverted; empty when unknown. */
    public Optional<Manifest> manifest(String repository, String reference) throws InterruptedException {
        HttpResponse<byte[]> response = send(() -> request(repository, "/manifests/" + reference, SHORT)
                .header("Accept", String.join(", ", Manifests.ALL)).GET(), pull(repository), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        require(response, 200, "read manifest " + repository + ":" + reference);
        byte[] bytes = response.body();
        String digest = Manifests.digest(bytes);
        String mediaType = response.headers().firstValue("Content-Type").map(t -> t.split(";")[0].strip()).orElse(null);
        return Optional.of(new Manifest(digest, Manifests.parse(bytes, mediaType).mediaType(), bytes));
    }

    /** The digest a tag (or digest) points at now, or empty when the repository does not hold it. */
    public Optional<String> manifestDigest(String repository, String reference) throws InterruptedException {
        HttpResponse<Void> response = send(() -> request(repository, "/manifests/" + reference, SHORT)
                .header("Accept", String.join(", ", Manifests.ALL)).method("HEAD", HttpRequest.BodyPublishers.noBody()),
                pull(repository), HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        require(response, 200, "check manifest " + repository + ":" + reference);
        Optional<String> header = response.headers().firstValue("Docker-Content-Digest");
        // Not every registry sends the header on HEAD; the bytes decide then.
        return header.isPresent() ? header : manifest(repository, reference).map(Manifest::digest);
    }

    public void putManifest(String repository, String reference, Manifest manifest) throws InterruptedException {
        HttpResponse<byte[]> response = send(() -> request(repository, "/manifests/" + reference, SHORT)
                .header("Content-Type", manifest.mediaType()).PUT(HttpRequest.BodyPublishers.ofByteArray(manifest.bytes())),
                push(repository), HttpResponse.BodyHandlers.ofByteArray());
        RegistryError error = RegistryError.of(response.statusCode(), response.body());
        // ECR's answer to a tag that names another image and must not move; a digest reference moves no tag.
        if (error.is(400, "TAG_INVALID") && !reference.contains(":")) {
            throw PromotionErrors.immutableTag(registry + "/" + repository, reference, error.message());
        }
        require(response, 201, "write manifest " + repository + ":" + reference);
    }

    boolean hasBlob(String repository, String digest) throws InterruptedException {
        HttpResponse<Void> response = send(() -> request(repository, "/blobs/" + digest, SHORT)
                .method("HEAD", HttpRequest.BodyPublishers.noBody()), pull(repository), HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 404) {
            return false;
        }
        // A redirect to storage means the blob is there.
        if (response.statusCode() == 307 || response.statusCode() == 302) {
            return true;
        }
        require(response, 200, "check blob " + digest + " in " + repository);
        return true;
    }

    /**
     * Asks the registry to link a blob of another repository into {@code repository}. A registry that cannot mount
     * starts an upload instead (202), which is cancelled here; the caller copies the blob then.
     */
    boolean mountBlob(String repository, String digest, String fromRepository) throws InterruptedException {
        List<String> scopes = List.of("repository:" + repository + ":pull,push", "repository:" + fromRepository + ":pull");
        HttpResponse<Void> response = send(() -> request(repository, "/blobs/uploads/?mount=" + encode(digest) + "&from=" + encode(fromRepository), SHORT)
                .POST(HttpRequest.BodyPublishers.noBody()), scopes, HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 201) {
            return true;
        }
        if (response.statusCode() == 202) {
            Optional<String> location = response.headers().firstValue("Location");
            if (location.isPresent()) {
                URI upload = resolve(location.get());
                send(() -> HttpRequest.newBuilder(upload).timeout(SHORT).DELETE(), scopes, HttpResponse.BodyHandlers.discarding());
            }
            return false;
        }
        require(response, 201, "mount blob " + digest + " from " + fromRepository + " into " + repository);
        return false;
    }

    /** Copies one blob from {@code source} into {@code repository}: streamed, never held whole in memory or on disk. */
    void copyBlob(RegistryClient source, String sourceRepository, String repository, Manifests.Descriptor blob) throws InterruptedException {
        HttpResponse<Void> started = send(() -> request(repository, "/blobs/uploads/", SHORT).POST(HttpRequest.BodyPublishers.noBody()),
                push(repository), HttpResponse.BodyHandlers.discarding());
        require(started, 202, "start an upload of " + blob.digest() + " to " + repository);
        URI location = resolve(started.headers().firstValue("Location")
                .orElseThrow(() -> new PipelineException("registry " + registry + " started an upload without a Location header")));
        String separator = location.getRawQuery() == null ? "?" : "&";
        URI put = URI.create(location + separator + "digest=" + encode(blob.digest()));
        try (InputStream content = source.openBlob(sourceRepository, blob.digest())) {
            // Authorized already by the POST above, so the streamed body is sent once.
            HttpRequest.Builder builder = HttpRequest.newBuilder(put).timeout(BLOB).header("Content-Type", "application/octet-stream")
                    .PUT(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> content), blob.size()));
            authorize(builder, push(repository));
            HttpResponse<byte[]> done = http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
            require(done, 201, "upload blob " + blob.digest() + " to " + repository);
        } catch (IOException e) {
            throw new PipelineException("copying blob " + blob.digest() + " to " + registry + "/" + repository + " failed: " + e.getMessage(), e);
        }
    }

    /** Uploads a small blob in one request (an image config, a tiny layer); nothing happens when the repository holds it. */
    public void putBlob(String repository, byte[] content) throws InterruptedException {
        String digest = Manifests.digest(content);
        if (hasBlob(repository, digest)) {
            return;
        }
        HttpResponse<Void> started = send(() -> request(repository, "/blobs/uploads/", SHORT).POST(HttpRequest.BodyPublishers.noBody()),
                push(repository), HttpResponse.BodyHandlers.discarding());
        require(started, 202, "start an upload of " + digest + " to " + repository);
        URI location = resolve(started.headers().firstValue("Location")
                .orElseThrow(() -> new PipelineException("registry " + registry + " started an upload without a Location header")));
        URI put = URI.create(location + (location.getRawQuery() == null ? "?" : "&") + "digest=" + encode(digest));
        HttpResponse<byte[]> done = send(() -> HttpRequest.newBuilder(put).timeout(SHORT).header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content)), push(repository), HttpResponse.BodyHandlers.ofByteArray());
        require(done, 201, "upload blob " + digest + " to " + repository);
    }

    /** The blob's content; registries that keep blobs elsewhere (ECR: S3) redirect, and the redirect carries its own authorization. */
    private InputStream openBlob(String repository, String digest) throws InterruptedException {
        HttpResponse<InputStream> response = send(() -> request(repository, "/blobs/" + digest, BLOB).GET(), pull(repository),
                HttpResponse.BodyHandlers.ofInputStream());
        for (int redirects = 0; redirects < 5 && (response.statusCode() == 307 || response.statusCode() == 302
                || response.statusCode() == 303 || response.statusCode() == 301); redirects++) {
            closeQuietly(response.body());
            URI target = resolve(response.headers().firstValue("Location").orElseThrow());
            try {
                response = http.send(HttpRequest.newBuilder(target).timeout(BLOB).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) {
                throw new PipelineException("reading blob " + digest + " from " + target.getHost() + " failed: " + e.getMessage(), e);
            }
        }
        if (response.statusCode() != 200) {
            closeQuietly(response.body());
            throw new PipelineException("reading blob " + digest + " of " + registry + "/" + repository + " failed: HTTP " + response.statusCode());
        }
        return response.body();
    }

    /** Every repository the login may see ({@code /v2/_catalog}, all pages). */
    public List<String> catalog() throws InterruptedException {
        List<String> names = new ArrayList<>();
        pages("/v2/_catalog?n=1000", List.of("registry:catalog:*"), "list the repositories", "repositories", names);
        return names;
    }

    /** Every tag of the repository ({@code /v2/<name>/tags/list}, all pages); empty when the repository does not exist. */
    public List<String> tags(String repository) throws InterruptedException {
        List<String> tags = new ArrayList<>();
        pages("/v2/" + repository + "/tags/list?n=1000", pull(repository), "list the tags of " + repository, "tags", tags);
        return tags;
    }

    /** Follows the distribution API's {@code Link: <...>; rel="next"} pages, collecting one array of each page. */
    private void pages(String first, List<String> scopes, String what, String field, List<String> into) throws InterruptedException {
        String path = first;
        while (path != null) {
            URI uri = base.resolve(path);
            HttpResponse<byte[]> response = send(() -> HttpRequest.newBuilder(uri).timeout(SHORT).GET(), scopes, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() == 404 && field.equals("tags")) {
                return;
            }
            require(response, 200, what);
            try {
                JSON.readTree(response.body()).path(field).forEach(n -> into.add(n.asText()));
            } catch (IOException e) {
                throw new PipelineException("registry " + registry + " answered the request to " + what + " with something that is not JSON");
            }
            path = response.headers().firstValue("Link").map(RegistryClient::nextLink).orElse(null);
        }
    }

    private static String nextLink(String header) {
        Matcher m = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?").matcher(header);
        return m.find() ? m.group(1) : null;
    }

    /** A small blob (an image config) whole; empty when the repository does not hold it. */
    public Optional<byte[]> smallBlob(String repository, String digest) throws InterruptedException {
        try (InputStream content = openBlob(repository, digest)) {
            return Optional.of(content.readNBytes(4 * 1024 * 1024));
        } catch (PipelineException e) {
            if (e.getMessage().endsWith("HTTP 404")) {
                return Optional.empty();
            }
            throw e;
        } catch (IOException e) {
            throw new PipelineException("reading blob " + digest + " of " + registry + "/" + repository + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Deletes a manifest by digest (every tag on it goes with it).
     *
     * @return the registry's HTTP status: 202 deleted, 404 gone already, 405 deletes are switched off, others refused
     */
    public int deleteManifest(String repository, String digest) throws InterruptedException {
        HttpResponse<byte[]> response = send(() -> request(repository, "/manifests/" + digest, SHORT).DELETE(),
                List.of("repository:" + repository + ":pull,delete"), HttpResponse.BodyHandlers.ofByteArray());
        lastError = errorMessage(response.body());
        return response.statusCode();
    }

    /** The registry's words about the last refused delete, for the report. */
    public String lastError() {
        return lastError;
    }

    private HttpRequest.Builder request(String repository, String path, Duration timeout) {
        return HttpRequest.newBuilder(base.resolve("/v2/" + repository + path)).timeout(timeout);
    }

    private URI resolve(String location) {
        return base.resolve(location);
    }

    private static List<String> pull(String repository) {
        return List.of("repository:" + repository + ":pull");
    }

    private static List<String> push(String repository) {
        return List.of("repository:" + repository + ":pull,push");
    }

    /**
     * Sends a request, answering one authentication challenge: Basic with the login, or Bearer with a token from the
     * challenge's realm for {@code scopes} (cached per scope set, fetched again once when refused).
     */
    private <T> HttpResponse<T> send(Supplier<HttpRequest.Builder> request, List<String> scopes, HttpResponse.BodyHandler<T> handler)
            throws InterruptedException {
        try {
            HttpRequest.Builder first = request.get();
            authorize(first, scopes);
            HttpResponse<T> response = http.send(first.build(), handler);
            if (response.statusCode() != 401) {
                return response;
            }
            if (response.body() instanceof InputStream stream) {
                closeQuietly(stream);
            }
            readChallenge(response.headers().firstValue("WWW-Authenticate").orElse(""));
            tokens.remove(String.join(" ", scopes));
            HttpRequest.Builder again = request.get();
            authorize(again, scopes);
            HttpResponse<T> retried = http.send(again.build(), handler);
            if (retried.statusCode() == 401) {
                throw PromotionErrors.refused(registry, login != null, scopes);
            }
            return retried;
        } catch (IOException e) {
            throw new PipelineException("registry " + registry + " did not answer (" + base + "): " + e.getMessage(), e);
        }
    }

    private void authorize(HttpRequest.Builder request, List<String> scopes) throws InterruptedException {
        if ("basic".equals(scheme) && login != null) {
            request.header("Authorization", login.basic());
        } else if ("bearer".equals(scheme)) {
            request.header("Authorization", "Bearer " + token(scopes));
        }
    }

    private void readChallenge(String header) {
        String lower = header.toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("bearer")) {
            scheme = "bearer";
            Map<String, String> params = new HashMap<>();
            Matcher m = CHALLENGE_PARAM.matcher(header);
            while (m.find()) {
                params.put(m.group(1).toLowerCase(java.util.Locale.ROOT), m.group(2));
            }
            realm = params.get("realm");
            service = params.get("service");
            if (realm == null) {
                throw new PipelineException("registry " + registry + " asked for a token without naming where to get one: " + header);
            }
        } else if (lower.startsWith("basic")) {
            if (login == null) {
                throw PromotionErrors.refused(registry, false, List.of());
            }
            scheme = "basic";
        } else {
            throw new PipelineException("registry " + registry + " refused the request and asked for '" + header
                    + "', which this tool does not speak (it speaks Basic and Bearer)");
        }
    }

    private String token(List<String> scopes) throws InterruptedException {
        String key = String.join(" ", scopes);
        String cached = tokens.get(key);
        if (cached != null) {
            return cached;
        }
        StringBuilder query = new StringBuilder(realm).append(realm.contains("?") ? "&" : "?");
        if (service != null) {
            query.append("service=").append(encode(service));
        }
        for (String scope : scopes) {
            query.append("&scope=").append(encode(scope));
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(query.toString())).timeout(SHORT).GET();
        if (login != null) {
            request.header("Authorization", login.basic());
        }
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() == 401 || response.statusCode() == 403) {
                throw PromotionErrors.refused(registry, login != null, scopes);
            }
            require(response, 200, "get a token for " + key);
            JsonNode json = JSON.readTree(response.body());
            String token = json.hasNonNull("token") ? json.get("token").asText() : json.path("access_token").asText(null);
            if (token == null) {
                throw new PipelineException("the token endpoint of registry " + registry + " answered without a token");
            }
            tokens.put(key, token);
            return token;
        } catch (IOException e) {
            throw new PipelineException("the token endpoint of registry " + registry + " did not answer: " + e.getMessage(), e);
        }
    }

    private void require(HttpResponse<?> response, int expected, String what) {
        if (response.statusCode() == expected) {
            return;
        }
        String detail = response.body() instanceof byte[] bytes ? errorMessage(bytes) : "";
        if (response.statusCode() == 403) {
            throw PromotionErrors.denied(registry, what, detail);
        }
        throw new PipelineException("registry " + registry + " could not " + what + ": HTTP " + response.statusCode()
                + (detail.isEmpty() ? "" : " (" + detail + ")"));
    }

    /** The registry's own words: {@code {"errors":[{"code":..,"message":..}]}}. */
    static String errorMessage(byte[] body) {
        return RegistryError.of(0, body).message();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static void closeQuietly(InputStream stream) {
        try {
            stream.close();
        } catch (IOException e) {
            // An unread error body that cannot be closed holds nothing we need.
        }
    }
}
