package io.jenkins.plugins.ecrpipeline.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.ecrpipeline.process.CommandRunner;
import io.jenkins.plugins.ecrpipeline.process.LocalCommandRunner;
import io.jenkins.plugins.ecrpipeline.support.LocalStack;
import io.jenkins.plugins.ecrpipeline.support.LocalStackExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The choice of a docker client when nobody named one, with real clients and the machine's own. */
@ExtendWith(LocalStackExtension.class)
class DockerClientsTest {
    @TempDir
    Path temp;

    @Test
    void onceTheFirstClientBuildsNoOtherIsAsked(LocalStack stack) throws Exception {
        // First on the PATH: the stack's docker (20.10, BuildKit built in), as 'docker'.
        Path bin = Files.createDirectories(temp.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("docker"), stack.docker());
        Map<String, String> environment = Map.of("PATH", bin + ":" + System.getenv("PATH"));
        List<String> asked = Collections.synchronizedList(new ArrayList<>());
        CommandRunner real = new LocalCommandRunner(environment);
        CommandRunner recording = (command, output) -> {
            asked.add(command.executable());
            return real.run(command, output);
        };
        List<String> log = new ArrayList<>();

        DockerClient chosen = DockerClients.chooseForBuilds(DockerClient.named(null, environment), false, recording, log::add);

        assertEquals("docker", chosen.executable());
        assertTrue(chosen.version().startsWith("20.10"), chosen.version());
        // Every client asked is docker processes at the run's start, when twelve builds are about to need the CPU.
        assertEquals(List.of("docker"), asked, "only the first client is asked when it builds");
        assertEquals(1, log.size(), log.toString());
        assertTrue(log.get(0).startsWith("docker client: docker 20.10") && !log.get(0).contains("passed over"), log.get(0));
    }
}
