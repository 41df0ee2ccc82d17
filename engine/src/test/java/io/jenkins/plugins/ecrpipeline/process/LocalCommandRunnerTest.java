package io.jenkins.plugins.ecrpipeline.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Child processes with the environment a run gives them, not this JVM's. */
class LocalCommandRunnerTest {
    @TempDir
    Path temp;

    @Test
    void aBareCommandNameIsFoundOnTheGivenPathNotOnThisJvms() throws Exception {
        // The control: a name no directory of this JVM's PATH holds.
        String name = "ecr-pipeline-path-probe";
        Path bin = Files.createDirectories(temp.resolve("bin"));
        Files.writeString(bin.resolve(name), "#!/bin/sh\necho \"found on the given PATH: $0\"\n");
        bin.resolve(name).toFile().setExecutable(true);
        Files.createDirectories(temp.resolve("empty"));
        List<String> output = new ArrayList<>();

        CommandResult result = new LocalCommandRunner(Map.of("PATH", temp.resolve("empty") + ":" + bin + ":/usr/bin:/bin"))
                .run(Command.of(List.of(name)), output::add);

        assertEquals(0, result.exitCode(), output.toString());
        assertEquals(List.of("found on the given PATH: " + bin.resolve(name)), output);
    }

    @Test
    void aNameWithASlashOrNoPathIsLeftAsItIs() {
        assertEquals(List.of("./docker", "version"), LocalCommandRunner.onPath(List.of("./docker", "version"), "/usr/bin"));
        assertEquals(List.of("docker", "version"), LocalCommandRunner.onPath(List.of("docker", "version"), null));
        assertEquals(List.of("no-such-command-here"), LocalCommandRunner.onPath(List.of("no-such-command-here"), "/usr/bin:/bin"));
    }
}
