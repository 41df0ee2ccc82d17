package io.jenkins.plugins.ecrpipeline.promote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.ecrpipeline.PipelineException;
import io.jenkins.plugins.ecrpipeline.localaws.LocalEcrExtension;
import io.jenkins.plugins.ecrpipeline.localaws.LocalEcrFixture;
import io.jenkins.plugins.ecrpipeline.process.Host;
import io.jenkins.plugins.ecrpipeline.process.LocalCommandRunner;
import io.jenkins.plugins.ecrpipeline.registry.Manifests;
import io.jenkins.plugins.ecrpipeline.support.LocalStack;
import io.jenkins.plugins.ecrpipeline.support.LocalStackExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Promotion on the local stack's registry (not ECR: a password-protected OCI registry), with the login docker stored
 * in the docker config: a retag by manifest GET/PUT, a mount into another repository, and a copy from it into ECR.
 */
@ExtendWith({LocalStackExtension.class, LocalEcrExtension.class})
class PromoteOnAPlainRegistryTest {
    private static final Pattern PUSHED = Pattern.compile("digest: (sha256:[0-9a-f]{64})");
    private LocalStack stack;
    private PromotionFixture f;
    /** Unique per run: the stack's registry is shared and keeps what earlier runs pushed. */
    private String prefix;

    @BeforeEach
    void start(LocalStack stack, LocalEcrFixture aws) {
        this.stack = stack;
        this.f = new PromotionFixture(aws);
        this.prefix = "promote-test/r" + Long.toString(System.nanoTime(), 36);
    }

    private String pushToStack(String repository, String tag) throws Exception {
        String image = stack.registry() + "/" + repository + ":" + tag;
        f.aws.docker(stack.dockerConfig(), "tag", stack.baseImage(), image);
        try {
            Matcher pushed = PUSHED.matcher(f.aws.docker(stack.dockerConfig(), "push", image));
            assertTrue(pushed.find());
            return pushed.group(1);
        } finally {
            f.aws.docker(stack.dockerConfig(), "rmi", image);
        }
    }

    private String stackDigest(String repository, String tag) throws Exception {
        return stack.registryGet("/v2/" + repository + "/manifests/" + tag, "Accept", String.join(",", Manifests.ALL))
                .headers().firstValue("Docker-Content-Digest").orElse(null);
    }

    private PromotionReport promote(PromotionRequest.Builder request) throws Exception {
        PromotionReport report = ImagePromotion.promote(request.dockerConfig(stack.dockerConfig().toString()).build(), f.host());
        assertEquals(List.of(), f.commands, "no command ran, so nothing was pulled");
        return report;
    }

    @Test
    void retagAndMountWithTheDockerConfigLogin() throws Exception {
        String digest = pushToStack(prefix + "/web", "intermediate");

        PromotionReport retagged = promote(PromotionRequest.builder()
                .image("web", stack.registry() + "/" + prefix + "/web:intermediate", List.of("production"), digest)
                .reportFile("promoted.json"));
        PromotionResult retag = retagged.services().get(0);
        PromotionResult mounted = promote(PromotionRequest.builder().image("web", stack.registry() + "/" + prefix + "/web@" + digest,
                List.of(stack.registry() + "/" + prefix + "/release/web:1.0"), null)).services().get(0);

        assertEquals(PromotionResult.Outcome.PROMOTED, retag.outcome(), retag.failure());
        assertEquals(PromotionResult.Route.REGISTRY_API, retag.route());
        assertEquals(0, retag.blobsCopied() + retag.blobsMounted() + retag.blobsSkipped(), "a retag moves no blob");
        assertEquals(digest, stackDigest(prefix + "/web", "production"));
        assertEquals(PromotionResult.Outcome.PROMOTED, mounted.outcome(), mounted.failure());
        assertEquals(digest, stackDigest(prefix + "/release/web", "1.0"));
        assertTrue(mounted.blobsMounted() >= 2, "config and layers mounted: " + mounted);
        assertEquals(0, mounted.bytesCopied());
        String password = stack.registryPassword();
        assertTrue(f.console.stream().noneMatch(l -> l.contains(password)), "the docker config's password is never printed");
        assertTrue(!Files.readString(f.aws.dir.resolve("promoted.json")).contains(password), "nor written to the report");
        assertTrue(!retagged.toString().contains(password));
    }

    @Test
    void copyFromAnotherRegistryIntoEcr() throws Exception {
        String digest = pushToStack(prefix + "/api", "candidate");
        f.createRepository("111111111111", "promote-test/api", false);

        PromotionResult copied = promote(PromotionRequest.builder().image("api", stack.registry() + "/" + prefix + "/api:candidate",
                List.of(f.registry("111111111111") + "/promote-test/api:release"), digest).ecrApi(f.ecrLogin(false))).services().get(0);

        assertEquals(PromotionResult.Outcome.PROMOTED, copied.outcome(), copied.failure());
        assertEquals(digest, f.digestOf("111111111111", "promote-test/api", "release"));
        assertTrue(copied.blobsCopied() >= 2 && copied.bytesCopied() > 1_000_000, copied.toString());
    }

    @Test
    void theCredentialHelperTheDockerConfigNamesGivesTheLogin() throws Exception {
        String digest = pushToStack(prefix + "/helped", "intermediate");
        Path bin = Files.createDirectories(f.aws.dir.resolve("helper-bin"));
        Path helper = bin.resolve("docker-credential-promote-test");
        // docker's helper protocol: the host on standard input, JSON with Username and Secret on standard output.
        Files.writeString(helper, "#!/bin/sh\n[ \"$1\" = get ] || exit 2\nhost=$(cat)\n"
                + "[ \"$host\" = \"" + stack.registry() + "\" ] || { echo 'credentials not found in native keychain'; exit 1; }\n"
                + "printf '{\"ServerURL\":\"%s\",\"Username\":\"%s\",\"Secret\":\"%s\"}\\n' \"$host\" " + stack.registryUser()
                + " \"$(cat " + stack.registryPasswordFile() + ")\"\n");
        helper.toFile().setExecutable(true);
        Path config = Files.createDirectories(f.aws.dir.resolve("helper-config"));
        Files.writeString(config.resolve("config.json"), "{\"credHelpers\": {\"" + stack.registry() + "\": \"promote-test\"}}");
        Map<String, String> env = new HashMap<>(f.env);
        env.put("PATH", bin + ":/usr/bin:/bin");
        List<String> ran = new ArrayList<>();
        LocalCommandRunner local = new LocalCommandRunner(env);
        Host host = Host.local(env).runner((command, output) -> {
            ran.add(command.display());
            if (!command.display().contains("docker-credential-")) {
                throw new AssertionError("a promotion ran " + command.display());
            }
            return local.run(command, output);
        }).tempDirectory(f.aws.dir).console(f.console::add).build();

        PromotionResult result = ImagePromotion.promote(PromotionRequest.builder()
                .image("helped", stack.registry() + "/" + prefix + "/helped:intermediate", List.of("production"), digest)
                .dockerConfig(config.toString()).build(), host).services().get(0);

        assertEquals(PromotionResult.Outcome.PROMOTED, result.outcome(), result.failure());
        assertEquals(digest, stackDigest(prefix + "/helped", "production"));
        assertEquals(1, ran.size(), "the helper ran once for the registry: " + ran);
        String password = stack.registryPassword();
        assertTrue(f.console.stream().noneMatch(l -> l.contains(password)), "what the helper printed is never shown");
    }

    @Test
    void aRegistryWithoutALoginSaysHowToLogIn() throws Exception {
        String digest = pushToStack(prefix + "/nologin", "intermediate");
        String emptyConfig = Files.createDirectories(f.aws.dir.resolve("empty-docker-config")).toString();

        PipelineException e = assertThrows(PipelineException.class, () -> ImagePromotion.promote(PromotionRequest.builder()
                .image("nologin", stack.registry() + "/" + prefix + "/nologin:intermediate", List.of("production"), digest)
                .dockerConfig(emptyConfig).build(), f.host()));

        assertTrue(e.getMessage().contains("registry " + stack.registry() + " refused the request without a login"), e.getMessage());
        assertTrue(e.getMessage().contains("docker login " + stack.registry()), e.getMessage());
    }
}
