package io.jenkins.plugins.ecrpipeline.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.ecrpipeline.support.LocalStack;
import io.jenkins.plugins.ecrpipeline.support.LocalStackExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

/**
 * Our compose model must agree with {@code docker-compose config} (Debian's v1, an independent implementation)
 * on every fixture and on the nightly example: same services, images, build contexts, Dockerfiles, args, targets,
 * cache sources and labels.
 */
@ExtendWith(LocalStackExtension.class)
class ComposeConfigOracleTest {
    private static final Path FIXTURES = Path.of("src/test/resources/compose-fixtures");

    static Stream<Path> composeFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(FIXTURES)) {
            dirs.sorted().forEach(dir -> files.add(dir.resolve("docker-compose.yml")));
        }
        assertTrue(files.size() >= 10, "at least ten fixtures");
        files.add(io.jenkins.plugins.ecrpipeline.support.ProjectRoot.resolve("examples/nightly/docker-compose.yml"));
        return files.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("composeFiles")
    void agreesWithDockerComposeConfig(Path composeFile, LocalStack stack) throws Exception {
        Map<String, String> environment = testEnvironment(composeFile.resolveSibling("test-env"));

        Map<String, Object> expected = oracle(composeFile, environment);
        Map<String, Object> actual = normalize(new ComposeLoader(environment).load(composeFile));

        assertEquals(expected, actual, "services of " + composeFile);
    }

    private static Map<String, String> testEnvironment(Path file) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                if (line.contains("=")) {
                    env.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
                }
            }
        }
        return env;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> oracle(Path composeFile, Map<String, String> environment) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("/usr/bin/docker-compose", "-f", composeFile.getFileName().toString(), "config")
                .directory(composeFile.getParent().toFile());
        builder.environment().clear();
        builder.environment().put("PATH", System.getenv("PATH"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), "docker-compose config failed on " + composeFile + ": " + err);
        Map<String, Object> config = new Yaml().load(out);
        Map<String, Object> services = new TreeMap<>();
        ((Map<String, Object>) config.get("services")).forEach((name, definition) -> {
            Map<String, Object> service = (Map<String, Object>) definition;
            Map<String, Object> normalized = new TreeMap<>();
            if (service.get("image") != null) {
                normalized.put("image", unescape(service.get("image")));
            }
            if (service.get("build") != null) {
                normalized.put("build", unescape(service.get("build")));
            }
            services.put(name, normalized);
        });
        return services;
    }

    /** docker-compose config prints a literal $ as $$ again; compare the values a build would see. */
    @SuppressWarnings("unchecked")
    private static Object unescape(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> result = new TreeMap<>();
            ((Map<String, Object>) map).forEach((k, v) -> result.put(k, unescape(v)));
            return result;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(ComposeConfigOracleTest::unescape).toList();
        }
        return value == null ? "" : String.valueOf(value).replace("$$", "$");
    }

    private static Map<String, Object> normalize(ComposeProject project) {
        Map<String, Object> services = new TreeMap<>();
        project.services().values().forEach(service -> {
            Map<String, Object> normalized = new TreeMap<>();
            if (service.image() != null) {
                normalized.put("image", service.image());
            }
            service.build().ifPresent(build -> {
                Map<String, Object> b = new TreeMap<>();
                b.put("context", build.context().toString());
                if (build.dockerfile() != null) {
                    b.put("dockerfile", build.dockerfile());
                }
                if (!build.args().isEmpty()) {
                    // docker-compose v1 prints an argument declared without a value, and unset, as ''.
                    Map<String, Object> args = new TreeMap<>();
                    build.args().forEach((k, v) -> args.put(k, v == null ? "" : v));
                    b.put("args", args);
                }
                if (build.target() != null) {
                    b.put("target", build.target());
                }
                if (!build.cacheFrom().isEmpty()) {
                    b.put("cache_from", build.cacheFrom());
                }
                if (!build.labels().isEmpty()) {
                    b.put("labels", new TreeMap<>(build.labels()));
                }
                normalized.put("build", b);
            });
            services.put(service.name(), normalized);
        });
        return services;
    }
}
