package io.jenkins.plugins.ecrpipeline.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.ecrpipeline.PipelineException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The docker configuration directory logins are written to. A private one (mode 0700, deleted when closed) is
 * seeded from the user's config without {@code auths} and {@code credsStore}, keeping {@code credHelpers} and
 * {@code proxies}; {@link #prepareLogin(String)} drops the helper of each host logged in here, which would
 * otherwise win over our login. The user's own directory can be used instead, for "log in once for the whole
 * agent".
 */
public final class DockerConfigDir implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path path;
    private final boolean owned;

    private DockerConfigDir(Path path, boolean owned) {
        this.path = path;
        this.owned = owned;
    }

    /** A new private directory under {@code parent}, seeded from {@code userConfigDir} (which may not exist). */
    public static DockerConfigDir createPrivate(Path parent, Path userConfigDir) {
        try {
            Files.createDirectories(parent);
            Path dir = Files.createTempDirectory(parent, "ecr-image-pipeline-docker-config-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            ObjectNode config = JSON.createObjectNode();
            Path userConfig = userConfigDir == null ? null : userConfigDir.resolve("config.json");
            if (userConfig != null && Files.isRegularFile(userConfig)) {
                JsonNode user = JSON.readTree(userConfig.toFile());
                if (user instanceof ObjectNode userObject) {
                    config = userObject.deepCopy();
                }
            }
            config.remove("auths");
            config.remove("credsStore");
            Path file = dir.resolve("config.json");
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), config);
            return new DockerConfigDir(dir, true);
        } catch (IOException e) {
            throw new PipelineException("cannot create a private docker config under " + parent + ": " + e.getMessage(), e);
        }
    }

    /**
     * Makes a login to {@code host} the one docker uses: in a private config, a credential helper the user set for
     * that host (amazon-ecr-credential-helper, say) would win over the stored login, so it is dropped. The user's
     * own config is left as the user wrote it.
     */
    public synchronized void prepareLogin(String host) {
        if (!owned) {
            return;
        }
        Path file = path.resolve("config.json");
        try {
            JsonNode config = JSON.readTree(file.toFile());
            if (config instanceof ObjectNode object && object.get("credHelpers") instanceof ObjectNode helpers && helpers.has(host)) {
                helpers.remove(host);
                JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), object);
            }
        } catch (IOException e) {
            throw new PipelineException("cannot update the private docker config " + file + ": " + e.getMessage(), e);
        }
    }

    /** The user's own directory: logins stay there after this tool exits. */
    public static DockerConfigDir existing(Path dir) {
        return new DockerConfigDir(dir, false);
    }

    /** The user's docker config directory: {@code $DOCKER_CONFIG}, else {@code ~/.docker}. */
    public static Path userDefault(java.util.Map<String, String> environment, Path home) {
        String configured = environment.get("DOCKER_CONFIG");
        return configured != null && !configured.isBlank() ? Path.of(configured) : home.resolve(".docker");
    }

    /**
     * Whether docker wrote a password for one of {@code hosts} into {@code dir/config.json} itself (base64, not
     * encrypted), as it does when no credential helper is configured.
     */
    public static boolean storesPasswordsInFile(Path dir, java.util.List<String> hosts) {
        Path file = dir.resolve("config.json");
        try {
            JsonNode auths = JSON.readTree(file.toFile()).path("auths");
            return hosts.stream().anyMatch(host -> !auths.path(host).path("auth").asText("").isEmpty());
        } catch (IOException e) {
            return false;
        }
    }

    public Path path() {
        return path;
    }

    @Override
    public void close() {
        if (!owned || !Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new PipelineException("could not delete the private docker config " + path + " (it holds registry passwords): "
                    + e.getMessage(), e);
        }
    }
}
