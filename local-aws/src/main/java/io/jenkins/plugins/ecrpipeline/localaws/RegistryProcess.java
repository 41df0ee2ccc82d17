package io.jenkins.plugins.ecrpipeline.localaws;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code docker-registry} process on a free loopback port, with filesystem storage this class owns and token
 * authentication that sends clients to the local ECR's token endpoint. Clients reach it through its account's
 * {@link RegistryFront}; the local ECR's own calls go to it directly.
 */
final class RegistryProcess implements AutoCloseable {
    private final String account;
    private final int port;
    private final Path storageRoot;
    private final Process process;

    private RegistryProcess(String account, int port, Path storageRoot, Process process) {
        this.account = account;
        this.port = port;
        this.storageRoot = storageRoot;
        this.process = process;
    }

    /** Starts the registry and waits until it answers {@code /v2/}. */
    static RegistryProcess start(String account, Path dir, URI tokenRealm, Path rootCertificate) throws IOException, InterruptedException {
        Path data = Files.createDirectories(dir.resolve("data"));
        int port = freePort();
        Path config = dir.resolve("config.yml");
        Files.writeString(config, """
                version: 0.1
                log:
                  level: warn
                storage:
                  filesystem:
                    rootdirectory: %s
                  delete:
                    enabled: true
                http:
                  addr: 127.0.0.1:%d
                auth:
                  token:
                    realm: %s
                    service: %s
                    issuer: %s
                    rootcertbundle: %s
                """.formatted(data, port, tokenRealm, AccountRegistry.serviceName(account), RegistryTokenSigner.ISSUER, rootCertificate));
        Process process = new ProcessBuilder("docker-registry", "serve", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("registry.log").toFile()).start();
        RegistryProcess registry = new RegistryProcess(account, port, data, process);
        registry.awaitReady(Duration.ofSeconds(20), dir.resolve("registry.log"));
        return registry;
    }

    private void awaitReady(Duration timeout, Path log) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IOException("the registry for account " + account + " exited: " + Files.readString(log));
            }
            try {
                int status = http.send(HttpRequest.newBuilder(endpoint().resolve("/v2/")).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 401 || status == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(50);
        }
        close();
        throw new IOException("the registry for account " + account + " did not answer within " + timeout.toSeconds() + " s; see " + log);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** {@code http://127.0.0.1:<port>}: the registry itself, behind the front. */
    URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    RegistryStorage storage() {
        return new RegistryStorage(storageRoot);
    }

    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
