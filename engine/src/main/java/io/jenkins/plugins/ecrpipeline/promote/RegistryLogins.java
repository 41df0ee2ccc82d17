package io.jenkins.plugins.ecrpipeline.promote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.ecrpipeline.ecr.RegistryAuthorization;
import io.jenkins.plugins.ecrpipeline.ecr.RegistryAuthorizations;
import io.jenkins.plugins.ecrpipeline.process.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where a registry's login comes from: an ECR password of this run's ECR login for that host, else the user name and
 * password {@code docker login} stored in the docker config's {@code auths}. Credential helpers are not run.
 */
public final class RegistryLogins {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, RegistryClient.Login> logins;

    private RegistryLogins(Map<String, RegistryClient.Login> logins) {
        this.logins = Map.copyOf(logins);
    }

    /**
     * @param dockerConfigJson the docker config's {@code config.json}, when there is one
     * @param ecr the ECR passwords of this run, which win over stored logins
     */
    public static RegistryLogins of(Optional<byte[]> dockerConfigJson, RegistryAuthorizations ecr) {
        Map<String, RegistryClient.Login> logins = new HashMap<>();
        if (dockerConfigJson.isPresent()) {
            try {
                JsonNode auths = JSON.readTree(dockerConfigJson.get()).path("auths");
                auths.fields().forEachRemaining(e -> stored(e.getValue()).ifPresent(login -> logins.put(hostOf(e.getKey()), login)));
            } catch (IOException e) {
                // A config docker itself could not read gives no logins; the registry's refusal will say what to do.
            }
        }
        for (RegistryAuthorization a : ecr.all()) {
            logins.put(a.host(), new RegistryClient.Login(RegistryAuthorization.USER, a.password()));
        }
        return new RegistryLogins(logins);
    }

    public Optional<RegistryClient.Login> forRegistry(String registry) {
        return Optional.ofNullable(logins.get(registry));
    }

    /** docker keeps {@code base64(user:password)} under {@code auth}. */
    private static Optional<RegistryClient.Login> stored(JsonNode entry) {
        String auth = entry.path("auth").asText("");
        if (auth.isEmpty()) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(auth), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        return colon < 0 ? Optional.empty() : Optional.of(new RegistryClient.Login(decoded.substring(0, colon), Secret.of(decoded.substring(colon + 1))));
    }

    /** docker writes keys as {@code host}, {@code https://host} or {@code https://host/v1/}. */
    private static String hostOf(String key) {
        String host = key.replaceFirst("^[a-z]+://", "");
        return host.contains("/") ? host.substring(0, host.indexOf('/')) : host;
    }
}
