package io.jenkins.plugins.ecrpipeline.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.ecrpipeline.PipelineException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Answers a registry's {@code WWW-Authenticate} challenge: Basic with the login, or Bearer with a token from the
 * challenge's realm, cached per scope set. Safe from several threads (promotion copies blobs in parallel through one
 * client): the last challenge is one immutable value, the tokens a concurrent map, and a missing token is fetched once
 * while other threads that need the same one wait for it. A new scheme (another challenge kind) is added here.
 */
final class RegistryAuthenticator {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CHALLENGE_PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    private enum Scheme { NONE, BASIC, BEARER }

    /** What the registry's last challenge asked for; realm and service only for Bearer. */
    private record Challenge(Scheme scheme, String realm, String service) {
    }

    private final HttpClient http;
    private final String registry;
    private final RegistryClient.Login login;
    private volatile Challenge challenge = new Challenge(Scheme.NONE, null, null);
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private final Object fetching = new Object();

    /** @param login the registry's login, or null to go without */
    RegistryAuthenticator(HttpClient http, String registry, RegistryClient.Login login) {
        this.http = http;
        this.registry = registry;
        this.login = login;
    }

    boolean hasLogin() {
        return login != null;
    }

    /** Adds the Authorization header the last challenge asked for (none before the first challenge). */
    void authorize(HttpRequest.Builder request, List<String> scopes) throws InterruptedException {
        Challenge current = challenge;
        switch (current.scheme()) {
            case NONE -> { }
            case BASIC -> request.header("Authorization", login.basic());
            case BEARER -> request.header("Authorization", "Bearer " + token(current, scopes));
        }
    }

    /** Reads a 401's challenge; the token for {@code scopes} is fetched again on the next {@link #authorize}. */
    void challenge(String header, List<String> scopes) {
        tokens.remove(String.join(" ", scopes));
        String lower = header.toLowerCase(Locale.ROOT);
        if (lower.startsWith("bearer")) {
            Map<String, String> params = new HashMap<>();
            Matcher m = CHALLENGE_PARAM.matcher(header);
            while (m.find()) {
                params.put(m.group(1).toLowerCase(Locale.ROOT), m.group(2));
            }
            if (params.get("realm") == null) {
                throw new PipelineException("registry " + registry + " asked for a token without naming where to get one: " + header);
            }
            challenge = new Challenge(Scheme.BEARER, params.get("realm"), params.get("service"));
        } else if (lower.startsWith("basic")) {
            if (login == null) {
                throw new RegistryUnauthorizedException(registry, 401, false, List.of());
            }
            challenge = new Challenge(Scheme.BASIC, null, null);
        } else {
            throw new PipelineException("registry " + registry + " refused the request and asked for '" + header
                    + "', which this tool does not speak (it speaks Basic and Bearer)");
        }
    }

    private String token(Challenge current, List<String> scopes) throws InterruptedException {
        String key = String.join(" ", scopes);
        String cached = tokens.get(key);
        if (cached != null) {
            return cached;
        }
        // Six blob copies start at once with the same scopes: one asks the token endpoint, the others wait for its answer.
        synchronized (fetching) {
            cached = tokens.get(key);
            if (cached != null) {
                return cached;
            }
            String token = fetch(current, key, scopes);
            tokens.put(key, token);
            return token;
        }
    }

    private String fetch(Challenge current, String key, List<String> scopes) throws InterruptedException {
        String realm = current.realm();
        StringBuilder query = new StringBuilder(realm).append(realm.contains("?") ? "&" : "?");
        if (current.service() != null) {
            query.append("service=").append(encode(current.service()));
        }
        for (String scope : scopes) {
            query.append("&scope=").append(encode(scope));
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(query.toString())).timeout(RegistryEndpointCaller.SHORT).GET();
        if (login != null) {
            request.header("Authorization", login.basic());
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw RegistryException.noAnswer(registry, "get a token for " + key,
                    "the token endpoint of registry " + registry + " did not answer: " + e.getMessage(), e);
        }
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            throw new RegistryUnauthorizedException(registry, response.statusCode(), login != null, scopes);
        }
        if (response.statusCode() != 200) {
            throw RegistryException.answered(registry, "get a token for " + key, RegistryError.of(response.statusCode(), response.body()));
        }
        String token;
        try {
            JsonNode json = JSON.readTree(response.body());
            token = json.hasNonNull("token") ? json.get("token").asText() : json.path("access_token").asText(null);
        } catch (IOException e) {
            token = null;
        }
        if (token == null) {
            throw new PipelineException("the token endpoint of registry " + registry + " answered without a token");
        }
        return token;
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
