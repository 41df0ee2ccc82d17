package io.jenkins.plugins.ecrpipeline.localaws;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * The Docker registry token endpoint behind every local account's registry: it checks the {@code AWS:<password>}
 * that {@code docker login} sends against the passwords GetAuthorizationToken issued, and grants pull and push on
 * repositories that exist in that account, as ECR does.
 */
final class RegistryTokenEndpoint {
    static final String PATH = "/_registry/token";
    private static final Duration TOKEN_LIFETIME = Duration.ofMinutes(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EcrPasswords passwords;
    private final RegistryTokenSigner signer;
    private final BiPredicate<String, String> repositoryExists;
    private final Clock clock;

    RegistryTokenEndpoint(EcrPasswords passwords, RegistryTokenSigner signer, BiPredicate<String, String> repositoryExists, Clock clock) {
        this.passwords = passwords;
        this.signer = signer;
        this.repositoryExists = repositoryExists;
        this.clock = clock;
    }

    void handle(HttpExchange exchange) throws IOException {
        String service = null;
        List<String> scopes = new ArrayList<>();
        for (Map.Entry<String, String> param : QueryString.parse(exchange.getRequestURI().getRawQuery())) {
            if (param.getKey().equals("service")) {
                service = param.getValue();
            } else if (param.getKey().equals("scope")) {
                scopes.add(param.getValue());
            }
        }
        String account = authenticatedAccount(exchange.getRequestHeaders().getFirst("Authorization"));
        if (account == null || service == null || !service.equals(AccountRegistry.serviceName(account))) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"local ECR\"");
            Exchanges.send(exchange, 401, "application/json",
                    "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"Your authorization token has expired or is invalid. "
                            + "Reauthenticate and try again.\"}]}");
            return;
        }
        List<RegistryTokenSigner.Access> grants = new ArrayList<>();
        for (String scope : scopes) {
            String[] parts = scope.split(":");
            if (parts.length == 3 && parts[0].equals("repository") && repositoryExists.test(account, parts[1])) {
                List<String> actions = new ArrayList<>();
                for (String action : parts[2].split(",")) {
                    if (action.equals("pull") || action.equals("push")) {
                        actions.add(action);
                    }
                }
                grants.add(new RegistryTokenSigner.Access(parts[1], actions));
            }
        }
        String token = signer.sign("AWS", service, grants, TOKEN_LIFETIME);
        Exchanges.send(exchange, 200, "application/json", JSON.createObjectNode().put("token", token).put("access_token", token)
                .put("expires_in", TOKEN_LIFETIME.toSeconds()).put("issued_at", clock.instant().toString()).toString());
    }

    private String authenticatedAccount(String authorization) {
        if (authorization == null || !authorization.startsWith("Basic ")) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0 || !decoded.substring(0, colon).equals("AWS")) {
            return null;
        }
        return passwords.validAccount(decoded.substring(colon + 1));
    }
}
