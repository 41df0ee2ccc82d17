package io.jenkins.plugins.ecrpipeline.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.ecrpipeline.PipelineException;
import io.jenkins.plugins.ecrpipeline.process.Command;
import io.jenkins.plugins.ecrpipeline.process.CommandNotFoundException;
import io.jenkins.plugins.ecrpipeline.process.CommandResult;
import io.jenkins.plugins.ecrpipeline.process.CommandRunner;
import io.jenkins.plugins.ecrpipeline.process.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a registry's login comes from, in docker's order after the caller's own logins (this run's ECR passwords,
 * which win): the
 * credential helper the docker config names for that host ({@code credHelpers}), else its {@code credsStore}, else
 * the user name and password {@code docker login} stored under {@code auths}. Helpers run through the host's runner;
 * what they print is read here and never shown.
 */
public final class RegistryCredentials {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, RegistryClient.Login> own;
    private final Map<String, RegistryClient.Login> stored;
    private final Map<String, String> helpers;
    private final String store;
    private final CommandRunner runner;
    private final Map<String, Optional<RegistryClient.Login>> fromHelpers = new HashMap<>();

    private RegistryCredentials(Map<String, RegistryClient.Login> own, Map<String, RegistryClient.Login> stored, Map<String, String> helpers,
            String store, CommandRunner runner) {
        this.own = Map.copyOf(own);
        this.stored = Map.copyOf(stored);
        this.helpers = Map.copyOf(helpers);
        this.store = store;
        this.runner = runner;
    }

    /**
     * @param dockerConfigJson the docker config's {@code config.json}, when there is one
     * @param own logins by registry host that win over the docker config's (this run's ECR passwords)
     * @param runner runs credential helpers
     */
    public static RegistryCredentials of(Optional<byte[]> dockerConfigJson, Map<String, RegistryClient.Login> own, CommandRunner runner) {
        Map<String, RegistryClient.Login> stored = new HashMap<>();
        Map<String, String> helpers = new HashMap<>();
        String store = null;
        if (dockerConfigJson.isPresent()) {
            try {
                JsonNode config = JSON.readTree(dockerConfigJson.get());
                config.path("auths").fields().forEachRemaining(e -> stored(e.getValue()).ifPresent(login -> stored.put(hostOf(e.getKey()), login)));
                config.path("credHelpers").fields().forEachRemaining(e -> helpers.put(hostOf(e.getKey()), e.getValue().asText()));
                store = config.path("credsStore").asText(null);
            } catch (IOException e) {
                // A config docker itself could not read gives no logins; the registry's refusal will say what to do.
            }
        }
        return new RegistryCredentials(own, stored, helpers, store == null || store.isBlank() ? null : store, runner);
    }

    public Optional<RegistryClient.Login> forRegistry(String registry) throws InterruptedException {
        if (own.containsKey(registry)) {
            return Optional.of(own.get(registry));
        }
        String helper = helpers.getOrDefault(registry, store);
        if (helper == null) {
            return Optional.ofNullable(stored.get(registry));
        }
        if (!fromHelpers.containsKey(registry)) {
            fromHelpers.put(registry, fromHelper(helper, registry));
        }
        return fromHelpers.get(registry);
    }

    /** docker's credential helper protocol: {@code docker-credential-<name> get}, the host on standard input, JSON out. */
    private Optional<RegistryClient.Login> fromHelper(String helper, String registry) throws InterruptedException {
        List<String> printed = new ArrayList<>();
        CommandResult result;
        try {
            // Through sh, so the helper is found on the build's PATH as docker would find it, not on this JVM's.
            result = runner.run(Command.of(List.of("sh", "-c", "exec \"docker-credential-$1\" get", "sh", helper))
                    .withStandardInput(Secret.of(registry)), printed::add);
        } catch (CommandNotFoundException e) {
            throw new PipelineException("the docker config names the credential helper '" + helper + "' for " + registry
                    + ", but no shell could start it: " + e.getMessage());
        }
        if (result.exitCode() == 127) {
            throw new PipelineException("the docker config names the credential helper '" + helper + "' for " + registry
                    + ", but docker-credential-" + helper + " is not on the PATH; install it or log in with 'docker login' into another config");
        }
        if (!result.succeeded()) {
            // "credentials not found": no login for this registry, as docker would have none either.
            return Optional.empty();
        }
        try {
            JsonNode json = JSON.readTree(String.join("\n", printed));
            String user = json.path("Username").asText("");
            String secret = json.path("Secret").asText("");
            // "<token>" marks an identity token (an OAuth refresh token), which this tool does not exchange.
            if (user.isEmpty() || secret.isEmpty() || user.equals("<token>")) {
                return Optional.empty();
            }
            return Optional.of(new RegistryClient.Login(user, Secret.of(secret)));
        } catch (IOException e) {
            throw new PipelineException("the credential helper docker-credential-" + helper + " answered for " + registry
                    + " with something that is not its JSON; run 'docker-credential-" + helper + " list' to check it");
        }
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
