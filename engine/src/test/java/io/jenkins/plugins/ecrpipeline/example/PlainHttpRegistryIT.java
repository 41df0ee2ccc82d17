package io.jenkins.plugins.ecrpipeline.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.ecrpipeline.support.LocalStack;
import io.jenkins.plugins.ecrpipeline.support.LocalStackExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged CLI, through bin/ecr-image-pipeline, building and pushing to a registry it reaches over plain HTTP (the
 * local stack's, on loopback): its JVM sets up no TLS, whose trust store and provider cost CPU that the builds need.
 */
@ExtendWith(LocalStackExtension.class)
class PlainHttpRegistryIT {
    private static final Path ROOT = Path.of(System.getProperty("ecrpipeline.projectRoot", ".."));

    @TempDir
    Path dir;

    @Test
    void aBuildPushingToAPlainHttpRegistryTagsThroughItsApiWithoutSettingUpTls(LocalStack stack) throws Exception {
        String prefix = "plain-http-" + UUID.randomUUID().toString().substring(0, 8);
        Files.createDirectories(dir.resolve("api"));
        Files.writeString(dir.resolve("api/Dockerfile"), "FROM " + stack.baseImage() + "\nARG BUILD_DATE\nRUN echo $BUILD_DATE > /built\n");
        Files.writeString(dir.resolve("docker-compose.yml"), "services:\n  api:\n    build: ./api\n    image: " + prefix + "/api:latest\n");
        ProcessBuilder builder = new ProcessBuilder(List.of(ROOT.resolve("bin/ecr-image-pipeline").toString(), "build", "--compose",
                dir.resolve("docker-compose.yml").toString(), "--registry", stack.registry(), "--docker", stack.docker().toString(),
                "--network", "host", "--tag", "intermediate")).redirectErrorStream(true);
        builder.environment().put("ECR_PIPELINE_JAR", Path.of("target/ecr-image-pipeline.jar").toAbsolutePath().toString());
        builder.environment().put("ECR_PIPELINE_CDS_DIR", dir.resolve("cds").toString());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("DOCKER_CONFIG", stack.dockerConfig().toString());
        builder.environment().put("ECR_PIPELINE_JAVA_OPTS", "-Xlog:class+load=info");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertEquals(0, process.waitFor(), output);
        // The control: the class log names the classes the tag through the registry's API loaded.
        assertTrue(output.contains("tagged " + stack.registry() + "/" + prefix + "/api:intermediate ("), output);
        assertTrue(output.contains(" jdk.internal.net.http.HttpClientImpl "), "the class log holds the HTTP client's classes");
        List<String> tls = output.lines().filter(line -> line.contains(" sun.security.ssl.")).toList();
        assertTrue(tls.isEmpty(), tls.size() + " TLS classes loaded by a run that reaches its registry over plain HTTP, the first: "
                + tls.subList(0, Math.min(3, tls.size())));
    }
}
