package io.jenkins.plugins.ecrpipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.ecrpipeline.localaws.Faults;
import io.jenkins.plugins.ecrpipeline.localaws.LocalEcrExtension;
import io.jenkins.plugins.ecrpipeline.localaws.LocalEcrFixture;
import io.jenkins.plugins.ecrpipeline.support.LocalStackExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ecr.EcrClient;

/**
 * whoami, login and exec against the local AWS: credentials only from the instance metadata endpoint (as on an
 * EC2 agent), docker pushes after login, and every failure a person can act on.
 */
@ExtendWith({LocalStackExtension.class, LocalEcrExtension.class})
class EcrLoginTest {
    private LocalEcrFixture aws;
    private Map<String, String> env;

    @BeforeEach
    void start(LocalEcrFixture fixture) throws Exception {
        aws = fixture;
        env = agentEnvironment(aws.server.endpoint().toString());
    }

    /** An agent with no keys and no profiles: only the instance metadata endpoint. */
    static Map<String, String> agentEnvironment(String imds) {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", "/nonexistent-home");
        env.put("AWS_EC2_METADATA_SERVICE_ENDPOINT", imds + "/");
        env.put("ECR_PIPELINE_DOCKER", "/usr/bin/docker");
        return env;
    }

    private CliRun cli(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = args[0];
        all[1] = "--endpoint-url=" + aws.server.endpoint();
        System.arraycopy(args, 1, all, 2, args.length - 1);
        return CliRun.run(env, all);
    }

    @Test
    void whoamiNamesTheInstanceRoleAndTheRegionFromTheIdentityDocument() {
        CliRun run = cli("whoami");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("account:     111111111111"), run.out());
        assertTrue(run.out().contains("credentials: instance profile (IMDSv2)"), run.out());
        assertTrue(run.out().contains("region:      eu-west-1"), run.out());
    }

    @Test
    void loginThenDockerPushSucceeds() throws Exception {
        try (EcrClient ecr = aws.ecr(aws.instanceProfile())) {
            ecr.createRepository(r -> r.repositoryName("login-push"));
        }
        Path config = Files.createDirectories(aws.dir.resolve("agent-docker-config"));
        CliRun run = cli("login", "--docker-config", config.toString());
        assertEquals(0, run.exitCode(), run.err());
        // No credential helper in that config: docker stored the password in config.json, and the user is told.
        assertTrue(run.err().contains("warning: no credential helper is configured in " + config.resolve("config.json")), run.err());
        String host = run.out().strip();
        assertEquals(aws.server.registryHosts().get("111111111111"), host);
        String image = host + "/login-push:intermediate";
        aws.docker(config, "tag", aws.stack.baseImage(), image);
        assertTrue(aws.docker(config, "push", image).contains("digest: sha256:"));
    }

    @Test
    void crossAccountLoginToBothRegistriesInOneCallAndPushToBoth() throws Exception {
        Path config = Files.createDirectories(aws.dir.resolve("two-accounts"));
        CliRun run = cli("login", "--docker-config", config.toString(), "--assume-role", "arn:aws:iam::222222222222:role/image-pusher");
        assertEquals(0, run.exitCode(), run.err());
        List<String> hosts = run.out().lines().toList();
        assertEquals(List.of(aws.server.registryHosts().get("222222222222"), aws.server.registryHosts().get("111111111111")), hosts);
        CliRun created = cli("exec", "--assume-role", "arn:aws:iam::222222222222:role/image-pusher", "--no-docker-login", "--",
                "/usr/bin/aws", "--endpoint-url", aws.server.endpoint().toString(), "ecr", "create-repository", "--repository-name", "shared");
        assertEquals(0, created.exitCode(), created.err());
        try (EcrClient ecr = aws.ecr(aws.instanceProfile())) {
            ecr.createRepository(r -> r.repositoryName("shared"));
        }
        for (String host : hosts) {
            aws.docker(config, "tag", aws.stack.baseImage(), host + "/shared:intermediate");
            assertTrue(aws.docker(config, "push", host + "/shared:intermediate").contains("digest: sha256:"), host);
        }
    }

    @Test
    void credentialsOnlyExecKeepsTheUsersDockerConfigAndUsesTheFirstRole() throws Exception {
        env.put("DOCKER_CONFIG", "/home/jenkins/.docker-of-the-user");
        Path seen = aws.dir.resolve("seen");
        CliRun run = cli("exec", "--no-docker-login", "--assume-role", "arn:aws:iam::222222222222:role/first",
                "--assume-role", "arn:aws:iam::111111111111:role/second", "--", "sh", "-c",
                "printf '%s\\n%s\\n%s' \"$DOCKER_CONFIG\" \"${AWS_ECR_DOMAIN:-none}\" \"$AWS_SESSION_TOKEN\" > " + seen);
        assertEquals(0, run.exitCode(), run.err());
        List<String> lines = Files.readAllLines(seen);
        assertEquals("/home/jenkins/.docker-of-the-user", lines.get(0));
        assertEquals("none", lines.get(1), "no registry login was made");
        assertFalse(lines.get(2).isBlank(), "role session credentials are bound");

        CliRun whoami = cli("whoami", "--assume-role", "arn:aws:iam::222222222222:role/first",
                "--assume-role", "arn:aws:iam::111111111111:role/second");
        assertTrue(whoami.out().contains("assumed-role/first/"), "whoami takes the first role, as exec does:\n" + whoami.out());
    }

    @Test
    void hopLimitProblemIsNamedWithItsFixWithinTenSeconds() {
        aws.server.setFaults(new Faults(0, 0, 0, null, false, true, null, null));
        long start = System.nanoTime();
        CliRun run = cli("whoami", "--region", "eu-west-1");
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("--http-put-response-hop-limit 2"), run.err());
        assertTrue(took.compareTo(Duration.ofSeconds(10)) < 0, "answered in " + took.toMillis() + " ms");
    }

    @Test
    void noCredentialsAnywhereListsEverySourceTried() {
        env.put("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:1/");
        CliRun run = cli("whoami", "--region", "eu-west-1");
        assertEquals(2, run.exitCode());
        for (String source : List.of("system properties", "environment", "web identity (EKS IRSA)", "profile 'default'",
                "container (ECS task role, EKS Pod Identity)", "instance profile (IMDSv2)")) {
            assertTrue(run.err().contains("  - " + source + ":"), source + " in:\n" + run.err());
        }
    }

    @Test
    void missingRegionSaysWhereARegionCanComeFrom() {
        env.put("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:1/");
        CliRun run = cli("whoami");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("no AWS region: set the region, or AWS_REGION") && run.err().endsWith("(option --region)\n"), run.err());
    }

    @Test
    void accessDeniedNamesTheActionAndThePrincipal() {
        CliRun run = cli("whoami", "--assume-role", "arn:aws:iam::222222222222:role/denied-pusher");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("sts:AssumeRole") && run.err().contains("assumed-role/jenkins-agent/")
                && run.err().contains("denied-pusher"), run.err());
    }

    @Test
    void expiredCredentialsSayTheyExpired() throws Exception {
        var credentials = (software.amazon.awssdk.auth.credentials.AwsSessionCredentials) aws.instanceProfile().resolveCredentials();
        env.put("AWS_ACCESS_KEY_ID", credentials.accessKeyId());
        env.put("AWS_SECRET_ACCESS_KEY", credentials.secretAccessKey());
        env.put("AWS_SESSION_TOKEN", credentials.sessionToken());
        aws.server.setFaults(new Faults(0, 0, 0, null, false, false, Duration.ofSeconds(1), null));
        // Fresh static credentials with a one-second life: issue them through STS, then let them lapse.
        CliRun assumed = cli("exec", "--no-docker-login", "--assume-role", "arn:aws:iam::111111111111:role/short", "--", "sh", "-c",
                "printf '%s %s %s' \"$AWS_ACCESS_KEY_ID\" \"$AWS_SECRET_ACCESS_KEY\" \"$AWS_SESSION_TOKEN\" > " + aws.dir.resolve("short"));
        assertEquals(0, assumed.exitCode(), assumed.err());
        String[] shortLived = Files.readString(aws.dir.resolve("short")).split(" ");
        env.put("AWS_ACCESS_KEY_ID", shortLived[0]);
        env.put("AWS_SECRET_ACCESS_KEY", shortLived[1]);
        env.put("AWS_SESSION_TOKEN", shortLived[2]);
        Thread.sleep(1500);
        CliRun run = cli("whoami", "--region", "eu-west-1");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("have expired") && run.err().contains("environment"), run.err());
    }

    @Test
    void revokedOrUnknownCredentialsAreNamedAsSuch() {
        env.put("AWS_ACCESS_KEY_ID", "ASIAREVOKEDREVOKED00");
        env.put("AWS_SECRET_ACCESS_KEY", "no-longer-valid");
        env.put("AWS_SESSION_TOKEN", "revoked-session");
        CliRun run = cli("whoami", "--region", "eu-west-1");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("does not recognise the credentials of environment credentials") && run.err().contains("revoked"),
                run.err());
        assertFalse(run.err().contains("no-longer-valid") || run.err().contains("revoked-session"), "no secret in the message");
    }

    @Test
    void registryRefusingThePasswordIsExplained() {
        aws.server.setFaults(new Faults(0, 0, 0, null, false, false, null, Duration.ofMillis(1)));
        CliRun run = cli("login", "--docker-config", aws.dir.resolve("refused").toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("refused the ECR password that was just issued") && run.err().contains("clock"), run.err());
        assertFalse(run.out().contains("127.0.0.1"), "no registry is reported as logged in");
    }
}
