package io.jenkins.plugins.ecrpipeline.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.ecrpipeline.PipelineException;
import io.jenkins.plugins.ecrpipeline.process.HostFiles;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The docker configuration directory logins are written to, on the machine where docker runs. A private one (mode
 * 0700, deleted when closed) is seeded from the user's config without {@code auths} and {@code credsStore}, keeping
 * {@code credHelpers} and {@code proxies}, and with the user's {@code cli-plugins} directory among its plugin
 * directories (buildx installed for the user is found); {@link #prepareLogin(String)} drops the helper of each host logged in
 * here, which would otherwise win over our login. The user's own directory can be used instead, for "log in once for
 * the whole agent".
 */
public final class DockerConfigDir implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The config's list of further CLI plugin directories (docker 19.03 on). */
    private static final String PLUGIN_DIRS = "cliPluginsExtraDirs";

    private final HostFiles files;
    private final String path;
    private final boolean owned;

    private DockerConfigDir(HostFiles files, String path, boolean owned) {
        this.files = files;
        this.path = path;
        this.owned = owned;
    }

    /** A new private directory, seeded from the config in {@code userConfigDir} (which may not exist). */
    public static DockerConfigDir createPrivate(HostFiles files, String userConfigDir) throws InterruptedException {
        String dir = files.createPrivateDirectory("ecr-image-pipeline-docker-config-");
        DockerConfigDir config = new DockerConfigDir(files, dir, true);
        try {
            ObjectNode seeded = JSON.createObjectNode();
            if (readConfig(files, userConfigDir).orElse(null) instanceof ObjectNode user) {
                seeded = user.deepCopy();
            }
            seeded.remove("auths");
            seeded.remove("credsStore");
            // Docker looks for its CLI plugins (buildx) in its config directory: the user's stay found from this one.
            ArrayNode pluginDirs = seeded.get(PLUGIN_DIRS) instanceof ArrayNode dirs ? dirs : seeded.putArray(PLUGIN_DIRS);
            pluginDirs.add(userConfigDir + "/cli-plugins");
            config.writeConfig(seeded);
            return config;
        } catch (RuntimeException | InterruptedException e) {
            config.close();
            throw e;
        }
    }

    /** The user's own directory: logins stay there after this tool exits. */
    public static DockerConfigDir existing(HostFiles files, String dir) {
        return new DockerConfigDir(files, dir, false);
    }

    /**
     * Makes a login to {@code host} the one docker uses: in a private config, a credential helper the user set for
     * that host (amazon-ecr-credential-helper, say) would win over the stored login, so it is dropped. The user's
     * own config is left as the user wrote it.
     */
    public synchronized void prepareLogin(String host) throws InterruptedException {
        if (!owned) {
            return;
        }
        if (readConfig(files, path).orElse(null) instanceof ObjectNode config && config.get("credHelpers") instanceof ObjectNode helpers
                && helpers.has(host)) {
            helpers.remove(host);
            writeConfig(config);
        }
    }

    /**
     * Whether docker wrote a password for one of {@code hosts} into this directory's {@code config.json} itself
     * (base64, not encrypted), as it does when no credential helper is configured.
     */
    public boolean storesPasswordsInFile(List<String> hosts) throws InterruptedException {
        JsonNode auths = readConfig(files, path).map(c -> c.path("auths")).orElse(JSON.createObjectNode());
        return hosts.stream().anyMatch(host -> !auths.path(host).path("auth").asText("").isEmpty());
    }

    private static Optional<JsonNode> readConfig(HostFiles files, String dir) throws InterruptedException {
        String file = dir + "/config.json";
        Optional<byte[]> content = files.read(file);
        if (content.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readTree(content.get()));
        } catch (IOException e) {
            throw new PipelineException("the docker config " + file + " is not valid JSON (" + e.getMessage() + "); fix or remove it", e);
        }
    }

    private void writeConfig(JsonNode config) throws InterruptedException {
        try {
            files.write(path + "/config.json", JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(config));
        } catch (IOException e) {
            throw new IllegalStateException("cannot render a docker config", e);
        }
    }

    /** The directory, as docker's {@code --config} takes it. */
    public String path() {
        return path;
    }

    /** Deletes a private directory (it holds registry passwords); leaves the user's own alone. */
    @Override
    public void close() {
        if (!owned) {
            return;
        }
        try {
            files.deleteRecursively(path);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PipelineException("interrupted while deleting the private docker config " + path + " (it holds registry passwords)", e);
        } catch (RuntimeException e) {
            throw new PipelineException("could not delete the private docker config " + path + " (it holds registry passwords): "
                    + e.getMessage(), e);
        }
    }
}
