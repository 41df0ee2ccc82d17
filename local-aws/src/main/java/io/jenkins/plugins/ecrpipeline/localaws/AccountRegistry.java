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

/**
 * One account's registry: a real {@code docker-registry} process on loopback whose storage this class owns,
 * with token authentication that sends clients to the local ECR's token endpoint.
 */
final class AccountRegistry implements AutoCloseable {
    private final String account;
    private final int port;
    private final Path storageRoot;
    private final Process process;

    private AccountRegistry(String account, int port, Path storageRoot, Process process) {
        this.account = account;
        this.port = port;
        this.storageRoot = storageRoot;
        this.process = process;
    }

    static String serviceName(String account) {
        return "ecr-" + account;
    }

    /** Starts the registry on {@code fixedPort} (0: a free port) and waits until it answers {@code /v2/}. */
    static AccountRegistry start(String account, Path dir, URI tokenRealm, Path rootCertificate, int fixedPort)
            throws IOException, InterruptedException {
        Path data = Files.createDirectories(dir.resolve("data"));
        int port = fixedPort == 0 ? freePort() : fixedPort;
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
                """.formatted(data, port, tokenRealm, serviceName(account), RegistryTokenSigner.ISSUER, rootCertificate));
        Process process = new ProcessBuilder("docker-registry", "serve", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("registry.log").toFile()).start();
        AccountRegistry registry = new AccountRegistry(account, port, data, process);
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

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    String account() {
        return account;
    }

    /** Where docker pushes: {@code 127.0.0.1:<port>}. */
    String host() {
        return "127.0.0.1:" + port;
    }

    URI endpoint() {
        return URI.create("http://" + host());
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
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
