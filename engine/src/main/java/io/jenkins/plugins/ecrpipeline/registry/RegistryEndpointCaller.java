package io.jenkins.plugins.ecrpipeline.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * The transport every operation goes through: one registry's base URI, the authorization the challenge asked for,
 * one retry after a 401, and errors as {@link RegistryException}s. Written on the JDK's HTTP client because no
 * maintained Java library covers the distribution API's push side.
 */
final class RegistryEndpointCaller {
    static final Duration SHORT = Duration.ofSeconds(60);
    static final Duration BLOB = Duration.ofMinutes(30);

    private final HttpClient http;
    private final String registry;
    private final URI base;
    private final RegistryAuthenticator authenticator;

    RegistryEndpointCaller(HttpClient http, String registry, RegistryClient.Login login) {
        this.http = http;
        this.registry = registry;
        this.base = URI.create(RegistryProbe.scheme(registry) + "://" + registry);
        this.authenticator = new RegistryAuthenticator(http, registry, login);
    }

    String registry() {
        return registry;
    }

    HttpRequest.Builder request(String repository, String path, Duration timeout) {
        return HttpRequest.newBuilder(base.resolve("/v2/" + repository + path)).timeout(timeout);
    }

    URI resolve(String location) {
        return base.resolve(location);
    }

    static List<String> pull(String repository) {
        return List.of("repository:" + repository + ":pull");
    }

    static List<String> push(String repository) {
        return List.of("repository:" + repository + ":pull,push");
    }

    /**
     * Sends a request, answering one authentication challenge; a second 401 is a {@link RegistryUnauthorizedException}.
     * The request is built twice, so its body must be one that can be sent again.
     */
    <T> HttpResponse<T> send(Supplier<HttpRequest.Builder> request, List<String> scopes, HttpResponse.BodyHandler<T> handler)
            throws InterruptedException {
        try {
            HttpResponse<T> response = sendOnce(request.get(), scopes, handler);
            if (response.statusCode() != 401) {
                return response;
            }
            if (response.body() instanceof InputStream stream) {
                closeQuietly(stream);
            }
            authenticator.challenge(response.headers().firstValue("WWW-Authenticate").orElse(""), scopes);
            HttpResponse<T> retried = sendOnce(request.get(), scopes, handler);
            if (retried.statusCode() == 401) {
                throw new RegistryUnauthorizedException(registry, 401, authenticator.hasLogin(), scopes);
            }
            return retried;
        } catch (IOException e) {
            throw RegistryException.noAnswer(registry, "answer", "registry " + registry + " did not answer (" + base + "): " + e.getMessage(), e);
        }
    }

    /** Sends once with the current authorization: for a body that can be sent only once, after a request that was authorized. */
    <T> HttpResponse<T> sendOnce(HttpRequest.Builder request, List<String> scopes, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        authenticator.authorize(request, scopes);
        return http.send(request.build(), handler);
    }

    /** Sends without this registry's authorization: a redirect to storage carries its own. */
    <T> HttpResponse<T> sendElsewhere(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException, InterruptedException {
        return http.send(request, handler);
    }

    /** Fails with the registry's status and error codes unless the answer has the expected status. */
    void require(HttpResponse<?> response, int expected, String action) {
        if (response.statusCode() != expected) {
            throw RegistryException.answered(registry, action, RegistryError.of(response.statusCode(),
                    response.body() instanceof byte[] bytes ? bytes : null));
        }
    }

    static void closeQuietly(InputStream stream) {
        try {
            stream.close();
        } catch (IOException e) {
            // An unread error body that cannot be closed holds nothing we need.
        }
    }
}
