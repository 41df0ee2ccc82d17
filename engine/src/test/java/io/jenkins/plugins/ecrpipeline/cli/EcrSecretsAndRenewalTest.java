package io.jenkins.plugins.ecrpipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.ecrpipeline.localaws.Faults;
import io.jenkins.plugins.ecrpipeline.localaws.LocalEcrExtension;
import io.jenkins.plugins.ecrpipeline.localaws.LocalEcrFixture;
import io.jenkins.plugins.ecrpipeline.support.LocalStackExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.FileVisitResult;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.services.ecr.EcrClient;

/** Secrets never leak; long runs renew their login; concurrent logins stay apart. */
@ExtendWith({LocalStackExtension.class, LocalEcrExtension.class})
class EcrSecretsAndRenewalTest {
    private LocalEcrFixture aws;
    private Map<String, String> env;

    @BeforeEach
    void start(LocalEcrFixture fixture) {
        aws = fixture;
        env = EcrLoginTest.agentEnvironment(aws.server.endpoint().toString());
    }

    /** What docker stored in a config: registry host to the password (base64 of AWS:password in auths). */
    private static Map<String, String> passwords(Path configJson) throws IOException {
        JsonNode auths = new ObjectMapper().readTree(configJson.toFile()).path("auths");
        Map<String, String> passwords = new java.util.HashMap<>();
        auths.fields().forEachRemaining(e -> {
            String decoded = new String(Base64.getDecoder().decode(e.getValue().path("auth").asText()), StandardCharsets.UTF_8);
            passwords.put(e.getKey(), decoded.substring(decoded.indexOf(':') + 1));
        });
        return passwords;
    }

    private static List<String> commandLines() {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().matches("\\d+")).map(p -> {
                try {
                    return new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
                } catch (IOException gone) {
                    return "";
                }
            }).toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void tokenAndSecretKeyNeverReachLogsCommandLinesOrFilesOutsideThePrivateConfig() throws Exception {
        Path captured = aws.dir.resolve("captured-config.json");
        Set<String> seenCommandLines = ConcurrentHashMap.newKeySet();
        AtomicBoolean running = new AtomicBoolean(true);
        CompletableFuture<Void> watcher = CompletableFuture.runAsync(() -> {
            while (running.get()) {
                seenCommandLines.addAll(commandLines());
            }
        });
        CliRun run;
        Path childReport = aws.dir.resolve("child-report");
        try {
            // The child copies what docker stored, so the test learns the password; nothing else may hold it.
            run = CliRun.run(env, "exec", "--endpoint-url=" + aws.server.endpoint(), "--", "sh", "-c",
                    "cp \"$DOCKER_CONFIG/config.json\" " + captured + "; { stat -c %a \"$DOCKER_CONFIG\"; echo \"$DOCKER_CONFIG\"; } > " + childReport);
        } finally {
            running.set(false);
            watcher.join();
        }
        assertEquals(0, run.exitCode(), run.err());
        String password = passwords(captured).values().iterator().next();
        String secretKey = ((AwsSessionCredentials) aws.instanceProfile().resolveCredentials()).secretAccessKey();
        String sessionToken = ((AwsSessionCredentials) aws.instanceProfile().resolveCredentials()).sessionToken();

        List<String> childOutput = Files.readAllLines(childReport);
        assertEquals("700", childOutput.get(0), "the private docker config is mode 0700");
        Path privateConfig = Path.of(childOutput.get(1));
        assertFalse(Files.exists(privateConfig), "the private docker config is deleted after the command");

        for (String secret : List.of(password, secretKey, sessionToken)) {
            assertFalse(run.out().contains(secret) || run.err().contains(secret), "no secret in the output");
            assertTrue(seenCommandLines.stream().noneMatch(line -> line.contains(secret)), "no secret on any command line");
        }
        assertTrue(seenCommandLines.stream().anyMatch(line -> line.contains("--password-stdin")), "the login was seen while it ran");
        for (Path root : List.of(aws.dir, Path.of(System.getProperty("java.io.tmpdir")))) {
            List<Path> holding = new ArrayList<>();
            // Other processes (parallel builds, benchmarks) create and delete files under /tmp meanwhile: a file or
            // directory that vanishes during the walk holds nothing, and must not fail the walk.
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes attributes) {
                    try {
                        if (attributes.isRegularFile() && !f.equals(captured) && attributes.size() < 1_000_000
                                && Files.readString(f, StandardCharsets.ISO_8859_1).contains(password)) {
                            holding.add(f);
                        }
                    } catch (IOException unreadableOrGone) {
                        // nothing to read
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path f, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
            assertEquals(List.of(), holding, "files outside the private config holding the password under " + root);
        }
    }

    @Test
    void aBuildThatOutlivesThePasswordRenewsItAndKeepsPushing() throws Exception {
        try (EcrClient ecr = aws.ecr(aws.instanceProfile())) {
            for (String repository : List.of("slow-one", "slow-two", "slow-three")) {
                ecr.createRepository(r -> r.repositoryName(repository));
            }
        }
        StringBuilder compose = new StringBuilder("services:\n");
        for (String service : List.of("slow-one", "slow-two", "slow-three")) {
            Path context = Files.createDirectories(aws.dir.resolve(service));
            Files.writeString(context.resolve("Dockerfile"), "FROM local/busybox:latest\nARG BUILD_DATE\nRUN sleep 3 && echo " + service
                    + " $BUILD_DATE > /d\n");
            compose.append("  ").append(service).append(":\n    build: ./").append(service).append('\n');
        }
        Path file = aws.dir.resolve("docker-compose.yml");
        Files.writeString(file, compose);
        aws.server.setFaults(new Faults(0, 0, 0, null, false, false, null, Duration.ofSeconds(6)));

        CliRun run = CliRun.run(env, "build", "--compose", file.toString(), "--ecr-login", "--endpoint-url=" + aws.server.endpoint(),
                "--parallel", "1", "--network", "host", "--build-date", "r" + System.nanoTime());

        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains("ECR login renewed"), "the password was renewed during the run:\n" + run.out());
        assertTrue(run.out().contains("3 service(s): 3 succeeded, 0 failed"), run.out());
    }

    @Test
    void privateConfigKeepsTheUsersSettingsButNotTheirLoginsOrAHelperForOurRegistry() throws Exception {
        String host = aws.server.registryHosts().get("111111111111");
        Path userConfig = Files.createDirectories(aws.dir.resolve("user-docker"));
        Files.writeString(userConfig.resolve("config.json"), "{\"auths\": {\"other.example\": {\"auth\": \"dXNlcjpwYXNz\"}},"
                + "\"credsStore\": \"desktop\", \"credHelpers\": {\"" + host + "\": \"ecr-login\", \"gcr.io\": \"gcloud\"},"
                + "\"proxies\": {\"default\": {\"noProxy\": \"127.0.0.1\"}}}");
        env.put("DOCKER_CONFIG", userConfig.toString());
        Path captured = aws.dir.resolve("seeded.json");

        CliRun copy = CliRun.run(env, "exec", "--endpoint-url=" + aws.server.endpoint(), "--", "sh", "-c",
                "cp \"$DOCKER_CONFIG/config.json\" " + captured);
        assertEquals(0, copy.exitCode(), copy.err());

        JsonNode seeded = new ObjectMapper().readTree(captured.toFile());
        assertEquals(Set.of(host), Set.copyOf(iterable(seeded.path("auths").fieldNames())), "only our login, not the user's");
        assertTrue(seeded.path("credsStore").isMissingNode());
        assertEquals("gcloud", seeded.path("credHelpers").path("gcr.io").asText(), "other helpers are kept");
        assertTrue(seeded.path("credHelpers").path(host).isMissingNode(), "no helper overrides our login for " + host);
        assertEquals("127.0.0.1", seeded.path("proxies").path("default").path("noProxy").asText());
        assertTrue(Files.readString(userConfig.resolve("config.json")).contains("ecr-login"), "the user's config is untouched");
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> list = new java.util.ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }

    @Test
    void concurrentLoginsToDifferentAccountsStayApart() throws Exception {
        Path first = aws.dir.resolve("first.json");
        Path second = aws.dir.resolve("second.json");
        String copy = "cp \"$DOCKER_CONFIG/config.json\" %s; printf '%%s' \"$AWS_ACCESS_KEY_ID\" > %s.key";
        CompletableFuture<CliRun> own = CompletableFuture.supplyAsync(() -> CliRun.run(env, "exec", "--endpoint-url=" + aws.server.endpoint(),
                "--", "sh", "-c", copy.formatted(first, first)));
        CompletableFuture<CliRun> other = CompletableFuture.supplyAsync(() -> CliRun.run(env, "exec", "--endpoint-url=" + aws.server.endpoint(),
                "--no-own-account", "--assume-role", "arn:aws:iam::222222222222:role/image-pusher", "--", "sh", "-c", copy.formatted(second, second)));
        assertEquals(0, own.get().exitCode(), own.get().err());
        assertEquals(0, other.get().exitCode(), other.get().err());

        Map<String, String> firstPasswords = passwords(first);
        Map<String, String> secondPasswords = passwords(second);
        assertEquals(Set.of(aws.server.registryHosts().get("111111111111")), firstPasswords.keySet());
        assertEquals(Set.of(aws.server.registryHosts().get("222222222222")), secondPasswords.keySet());
        assertNotEquals(firstPasswords.values().iterator().next(), secondPasswords.values().iterator().next());
        assertNotEquals(Files.readString(Path.of(first + ".key")), Files.readString(Path.of(second + ".key")),
                "each command got its own account's credentials");
    }
}
