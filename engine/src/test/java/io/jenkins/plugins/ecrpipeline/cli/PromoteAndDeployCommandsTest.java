package io.jenkins.plugins.ecrpipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.ecrpipeline.localaws.LocalEcrExtension;
import io.jenkins.plugins.ecrpipeline.localaws.LocalEcrFixture;
import io.jenkins.plugins.ecrpipeline.process.CommandRunner;
import io.jenkins.plugins.ecrpipeline.process.LocalCommandRunner;
import io.jenkins.plugins.ecrpipeline.promote.PromotionFixture;
import io.jenkins.plugins.ecrpipeline.support.LocalStackExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code promote} then {@code deploy} from the command line against the local ECR, with credentials only from the
 * instance metadata endpoint: the deploy command gets the promoted digest and the agent's credentials, its output is
 * printed with the secrets masked, and its exit code decides.
 */
@ExtendWith({LocalStackExtension.class, LocalEcrExtension.class})
class PromoteAndDeployCommandsTest {
    private static final String OWN = "111111111111";
    private PromotionFixture f;
    private Map<String, String> env;
    private Path dir;

    @BeforeEach
    void start(LocalEcrFixture aws) throws Exception {
        f = new PromotionFixture(aws);
        env = new HashMap<>(EcrLoginTest.agentEnvironment(aws.server.endpoint().toString()));
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        dir = Files.createDirectories(aws.dir.resolve("cli"));
    }

    /** Promotes with a runner that refuses every command: the CLI's promotion runs no docker. */
    private CliRun promote(String... args) {
        CommandRunner refusing = (command, output) -> {
            throw new AssertionError("promote ran " + command.display());
        };
        String[] all = new String[args.length + 2];
        all[0] = "promote";
        all[1] = "--endpoint-url=" + f.aws.server.endpoint();
        System.arraycopy(args, 0, all, 2, args.length);
        return CliRun.run(env, refusing, all);
    }

    private CliRun deploy(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "deploy";
        all[1] = "--endpoint-url=" + f.aws.server.endpoint();
        System.arraycopy(args, 0, all, 2, args.length);
        return CliRun.run(env, new LocalCommandRunner(env), all);
    }

    private String promoteShop() throws Exception {
        f.createRepository(OWN, "promote-test/shop", false);
        String digest = f.push(OWN, f.aws.stack.baseImage(), "promote-test/shop", "intermediate");
        CliRun run = promote("--ecr-login", "--image", f.registry(OWN) + "/promote-test/shop:intermediate", "--to", "production",
                "--expect-digest", digest, "--report", dir.resolve("promoted.json").toString());
        assertEquals(0, run.exitCode(), run.out() + run.err());
        return digest;
    }

    @Test
    void promoteThenDeployGivesTheCommandTheDigestAndTheAgentsCredentials() throws Exception {
        String digest = promoteShop();
        assertEquals(digest, f.digestOf(OWN, "promote-test/shop", "production"));
        Path seen = dir.resolve("seen.env");

        CliRun run = deploy("--promotion", dir.resolve("promoted.json").toString(), "--", "/bin/sh", "-c",
                "echo \"deploying $IMAGE@$IMAGE_DIGEST as $IMAGE_TAG\"; echo \"secret is $AWS_SECRET_ACCESS_KEY\"; env > " + seen);

        assertEquals(0, run.exitCode(), run.out() + run.err());
        Map<String, String> vars = Files.readAllLines(seen).stream().filter(l -> l.contains("="))
                .collect(Collectors.toMap(l -> l.substring(0, l.indexOf('=')), l -> l.substring(l.indexOf('=') + 1), (a, b) -> a));
        assertEquals(f.registry(OWN) + "/promote-test/shop", vars.get("IMAGE"));
        assertEquals(digest, vars.get("IMAGE_DIGEST"));
        assertEquals("production", vars.get("IMAGE_TAG"));
        assertEquals("shop", vars.get("IMAGE_SERVICE"));
        assertEquals("eu-west-1", vars.get("AWS_REGION"));
        String secret = vars.get("AWS_SECRET_ACCESS_KEY");
        assertTrue(secret != null && secret.length() > 10, "the instance role's secret key was bound");
        assertTrue(vars.get("AWS_SESSION_TOKEN") != null && !vars.get("AWS_SESSION_TOKEN").isEmpty());
        assertTrue(run.out().contains("[shop] deploying " + f.registry(OWN) + "/promote-test/shop@" + digest + " as production"), run.out());
        assertTrue(run.out().contains("[shop] secret is ****"), run.out());
        assertFalse(run.out().contains(secret) || run.err().contains(secret), "the secret never reaches the console");
        assertFalse(run.out().contains(vars.get("AWS_SESSION_TOKEN")));
    }

    @Test
    void aFailingDeployFailsTheRunWithItsOutput() throws Exception {
        String digest = promoteShop();

        CliRun run = deploy("--image", "shop=" + f.registry(OWN) + "/promote-test/shop:production@" + digest,
                "--image", "cart=" + f.registry(OWN) + "/promote-test/shop:production@" + digest, "--", "/bin/sh", "-c",
                "echo \"rollout of $IMAGE_SERVICE failed: quota exceeded\"; exit 3");

        assertEquals(1, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains("[shop] rollout of shop failed: quota exceeded"), run.out());
        assertTrue(run.out().contains("the deploy command exited with 3 for shop; its last lines:\nrollout of shop failed: quota exceeded"), run.out());
        assertFalse(run.out().contains("rollout of cart"), "the first failure stops the rest");
    }

    @Test
    void promoteCommandPrintsTheTableAndRefusesAStaleDigest() throws Exception {
        f.createRepository(OWN, "promote-test/table", false);
        String digest = f.push(OWN, f.aws.stack.baseImage(), "promote-test/table", "intermediate");

        CliRun stale = promote("--ecr-login", "--registry", f.registry(OWN) + "/promote-test", "--services", "table", "--from", "intermediate",
                "--to", "production", "--expect-digest", "table=sha256:" + "0".repeat(64));
        CliRun ok = promote("--ecr-login", "--registry", f.registry(OWN) + "/promote-test", "--services", "table", "--from", "intermediate",
                "--to", "production", "--expect-digest", "table=" + digest);

        assertEquals(2, stale.exitCode(), stale.out());
        assertTrue(stale.err().contains("Nothing was promoted.") && stale.err().contains("(option --expect-digest)"), stale.err());
        assertEquals(0, ok.exitCode(), ok.out() + ok.err());
        List<String> lines = ok.out().lines().toList();
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("SERVICE") && l.contains("FROM") && l.contains("DIGEST") && l.contains("COPIED")), ok.out());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("table ") && l.contains(digest.substring(0, 19)) && l.contains("retag")
                && l.endsWith("promoted")), ok.out());
    }
}
