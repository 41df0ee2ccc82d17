package io.jenkins.plugins.ecrpipeline.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.ecrpipeline.process.Host;
import io.jenkins.plugins.ecrpipeline.support.LocalStack;
import io.jenkins.plugins.ecrpipeline.support.LocalStackExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The private config directory of an ECR login, with the real docker client. */
@ExtendWith(LocalStackExtension.class)
class DockerConfigDirTest {
    @TempDir
    Path temp;

    private record Run(int exitCode, String output) {
    }

    private static Run docker(LocalStack stack, Path config, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(stack.docker().toString(), "--config", config.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(process.waitFor(), output);
    }

    @Test
    void aCliPluginInstalledForTheUserIsFoundWithThePrivateConfig(LocalStack stack) throws Exception {
        // buildx installed for the user (docker 23+ builds through it): ~/.docker/cli-plugins/docker-buildx.
        Path user = Files.createDirectories(temp.resolve("home/.docker"));
        Files.writeString(user.resolve("config.json"), "{\"proxies\": {}}");
        Path plugin = Files.createDirectories(user.resolve("cli-plugins")).resolve("docker-buildx");
        Files.writeString(plugin, """
                #!/bin/sh
                if [ "$1" = docker-cli-plugin-metadata ]; then
                  echo '{"SchemaVersion": "0.1.0", "Vendor": "ecr-image-pipeline tests", "Version": "v0.0.0", "ShortDescription": "stands for buildx"}'
                  exit 0
                fi
                echo "the user's buildx: $*"
                """);
        plugin.toFile().setExecutable(true);
        Host host = Host.local(Map.of("PATH", System.getenv("PATH"))).workspace(temp).tempDirectory(Files.createDirectories(temp.resolve("tmp")))
                .build();
        // The control: with a config directory of its own and nothing more, docker does not find the user's plugins.
        Run elsewhere = docker(stack, Files.createDirectories(temp.resolve("empty")), "buildx", "version");
        assertNotEquals(0, elsewhere.exitCode(), elsewhere.output());

        try (DockerConfigDir config = DockerConfigDir.createPrivate(host.files(), user.toString())) {
            Run run = docker(stack, Path.of(config.path()), "buildx", "version");

            assertEquals(0, run.exitCode(), run.output());
            assertTrue(run.output().startsWith("the user's buildx: ") && run.output().strip().endsWith("buildx version"), run.output());
        }
    }
}
