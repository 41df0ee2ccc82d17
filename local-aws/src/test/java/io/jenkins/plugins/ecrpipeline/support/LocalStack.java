package io.jenkins.plugins.ecrpipeline.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * The running local stack, as {@code scripts/local-stack env} describes it: the registry, the Docker client
 * with BuildKit, and a private docker config already logged in to the registry.
 */
public record LocalStack(Path projectDir, String registry, String registryUser, Path registryPasswordFile,
        Path docker, Path dockerConfig, String baseImage) {

    /** Starts the stack (idempotent) and reads its description; fails the run loudly if it cannot start. */
    static LocalStack start() throws IOException, InterruptedException {
        Path projectDir = ProjectRoot.path();
        Path script = projectDir.resolve("scripts/local-stack");
        run(projectDir, script.toString(), "up");
        Map<String, String> env = parseEnv(run(projectDir, script.toString(), "env"));
        return new LocalStack(projectDir, env.get("REGISTRY"), env.get("REGISTRY_USER"),
                Path.of(env.get("REGISTRY_PASSWORD_FILE")), Path.of(env.get("DOCKER")), Path.of(env.get("DOCKER_CONFIG")),
                env.get("BASE_IMAGE"));
    }

    private static String run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("the local stack did not start (" + String.join(" ", command) + "):\n" + out);
        }
        return out;
    }

    private static Map<String, String> parseEnv(String text) {
        Map<String, String> env = new HashMap<>();
        text.lines().filter(l -> l.contains("=")).forEach(l -> env.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
        return env;
    }

    public String registryPassword() throws IOException {
        return Files.readString(registryPasswordFile).strip();
    }

    /** GET on the registry's HTTP API with the stack's credentials. */
    public HttpResponse<String> registryGet(String path, String... headers) throws IOException, InterruptedException {
        String basic = Base64.getEncoder().encodeToString((registryUser + ":" + registryPassword()).getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + registry + path))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Basic " + basic);
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
