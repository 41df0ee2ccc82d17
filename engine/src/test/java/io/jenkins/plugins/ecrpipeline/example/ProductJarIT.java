package io.jenkins.plugins.ecrpipeline.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The product (the engine's jar and the CLI jar built from it) carries none of the local AWS endpoints: they are test
 * infrastructure with a jar of their own.
 */
class ProductJarIT {
    private static List<String> entries(Path jar) throws Exception {
        assertTrue(Files.isRegularFile(jar), jar + " is built by 'package'");
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return zip.stream().map(e -> e.getName()).toList();
        }
    }

    @Test
    void theEngineAndCliJarsHoldNoLocalAwsClass() throws Exception {
        for (Path jar : List.of(Path.of("target/ecr-image-pipeline.jar"), Path.of("target/ecr-image-pipeline-engine-0.1.0-SNAPSHOT.jar"))) {
            List<String> entries = entries(jar);
            assertTrue(entries.contains("io/jenkins/plugins/ecrpipeline/intermediatebuild/IntermediateBuild.class"), jar + " is the engine");
            assertEquals(List.of(), entries.stream().filter(e -> e.contains("/localaws/") || e.contains("datatype/jsr310")).toList(), jar.toString());
        }
    }

    @Test
    void localAwsHasItsOwnRunnableJar() throws Exception {
        assertTrue(entries(Path.of("../local-aws/target/local-aws.jar")).contains("io/jenkins/plugins/ecrpipeline/localaws/Main.class"));
    }
}
