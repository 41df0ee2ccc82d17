package io.jenkins.plugins.ecrpipeline.intermediatebuild;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.ecrpipeline.PipelineException;
import io.jenkins.plugins.ecrpipeline.ecr.EcrPasswords;
import io.jenkins.plugins.ecrpipeline.process.Host;
import io.jenkins.plugins.ecrpipeline.process.Secret;
import io.jenkins.plugins.ecrpipeline.registry.ImageName;
import io.jenkins.plugins.ecrpipeline.registry.RegistryClient;
import io.jenkins.plugins.ecrpipeline.registry.RegistryException;
import io.jenkins.plugins.ecrpipeline.support.LocalStack;
import io.jenkins.plugins.ecrpipeline.support.LocalStackExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry-API tag against the real registry of the local stack (it asks for a login): a refused login is not
 * tried again for every name of the run; the logins' docker config, read ahead or at the first name that needs it,
 * gives no login when it cannot be read, so it does not stop a build.
 */
@ExtendWith(LocalStackExtension.class)
class RegistryRetagTest {
    @TempDir
    Path temp;

    @Test
    void aRegistryThatRefusedTheLoginIsNotAskedAgainInTheRun(LocalStack stack) throws Exception {
        AtomicInteger asked = new AtomicInteger();
        RegistryRetag retag = new RegistryRetag(registry -> {
            asked.incrementAndGet();
            return Optional.of(new RegistryClient.Login(stack.registryUser(), Secret.of("not-the-password")));
        }, List.of(stack.registry()));
        ImageName name = new ImageName(stack.registry(), "retag-test/api", "intermediate");
        String digest = "sha256:" + "0".repeat(64);

        RegistryException refused = assertThrows(RegistryException.class, () -> retag.pointAt(name, digest));
        assertEquals(401, refused.status(), refused.getMessage());
        PipelineException skipped = assertThrows(PipelineException.class, () -> retag.pointAt(name.withTag("intermediate-cache"), digest));

        assertTrue(skipped.getMessage().startsWith("not asked again in this run: "), skipped.getMessage());
        assertEquals(1, asked.get(), "the second name did not reach the registry");
        assertTrue(!skipped.getMessage().contains("not-the-password") && !refused.getMessage().contains("not-the-password"));
    }

    @Test
    void aDockerConfigThatCannotBeReadGivesNoLoginInsteadOfFailing() throws Exception {
        Path config = Files.createDirectories(temp.resolve("docker"));
        Files.createDirectories(config.resolve("config.json"));
        Host host = Host.local(Map.of("PATH", System.getenv("PATH"))).workspace(temp).tempDirectory(temp.resolve("tmp")).build();
        // The control: reading it is an error of its own.
        assertThrows(PipelineException.class, () -> host.files().read(config.resolve("config.json").toString()));

        RetagLogins logins = new RetagLogins(() -> new EcrPasswords(List.of()), config.toString(), host);

        assertEquals(Optional.empty(), logins.forRegistry("127.0.0.1:5000"));
    }

    @Test
    void theConfigReadAheadGivesTheLoginsTheFirstTagUses() throws Exception {
        Path config = Files.createDirectories(temp.resolve("docker"));
        Files.writeString(config.resolve("config.json"), "{\"auths\": {\"127.0.0.1:5000\": {\"auth\": \""
                + java.util.Base64.getEncoder().encodeToString("pipeline:planted-ahead".getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "\"}}}");
        Host host = Host.local(Map.of("PATH", System.getenv("PATH"))).workspace(temp).tempDirectory(temp.resolve("tmp")).build();
        RetagLogins logins = new RetagLogins(() -> new EcrPasswords(List.of()), config.toString(), host);

        logins.prepare();
        Files.delete(config.resolve("config.json"));

        RegistryClient.Login login = logins.forRegistry("127.0.0.1:5000").orElseThrow();
        assertEquals("pipeline", login.user());
        assertEquals("planted-ahead", login.password().reveal());
    }
}
