package io.jenkins.plugins.ecrpipeline.localaws;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;

/** moto's server (an independent ECR/STS implementation, preinstalled with pip) on a free loopback port. */
public final class MotoServer implements AutoCloseable {
    private final Process process;
    private final int port;

    private MotoServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static MotoServer start(Path log) throws IOException, InterruptedException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Process process = new ProcessBuilder(executable(), "-H", "127.0.0.1", "-p", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("moto_server exited: " + Files.readString(log));
            }
            try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
                // Connected: moto listens. The probe only had to connect.
                return new MotoServer(process, probe.getPort());
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("moto_server did not listen within 30 s: " + Files.readString(log));
    }

    /** moto_server from PATH, or pyenv's shim where the machine image installed it; never skipped. */
    private static String executable() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, "moto_server"))) {
                return Path.of(dir, "moto_server").toString();
            }
        }
        Path shim = Path.of(System.getProperty("user.home"), ".pyenv/shims/moto_server");
        if (Files.isExecutable(shim)) {
            return shim.toString();
        }
        throw new IllegalStateException("moto_server is not installed (pip install 'moto[server]'); the conformance test needs it");
    }

    /** The static test credentials moto accepts, and an environment that uses them (and no instance metadata). */
    public static Map<String, String> environment(Path home) {
        return Map.of("HOME", home.toString(), "AWS_ACCESS_KEY_ID", "AKIAMOTOTESTKEY00001", "AWS_SECRET_ACCESS_KEY", "moto-secret-key-for-tests",
                "AWS_REGION", "eu-west-1", "AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:1/");
    }

    /** An ECR client on moto with those credentials, to set up and check what a test expects. */
    public EcrClient ecr() {
        return EcrClient.builder().endpointOverride(endpoint()).region(Region.EU_WEST_1).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAMOTOTESTKEY00001", "moto-secret-key-for-tests")))
                .build();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    @Override
    public void close() {
        process.destroy();
    }
}
