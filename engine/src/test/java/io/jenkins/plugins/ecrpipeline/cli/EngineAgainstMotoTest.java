package io.jenkins.plugins.ecrpipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.ecrpipeline.localaws.MotoServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's AWS-facing paths (STS identity, AssumeRole, ECR GetAuthorizationToken) against moto, an
 * independent implementation. moto has no registry, so docker here is a stand-in that records its arguments and
 * what it read on standard input.
 */
class EngineAgainstMotoTest {
    @TempDir
    Path dir;
    private MotoServer moto;
    private Map<String, String> env;

    @BeforeEach
    void start() throws Exception {
        moto = MotoServer.start(dir.resolve("moto.log"));
        env = new HashMap<>();
        env.put("HOME", dir.toString());
        env.put("AWS_ACCESS_KEY_ID", "AKIAMOTOTESTKEY00001");
        env.put("AWS_SECRET_ACCESS_KEY", "moto-secret-key-for-tests");
        env.put("AWS_REGION", "eu-west-1");
        env.put("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:1/");
    }

    @AfterEach
    void stop() {
        moto.close();
    }

    @Test
    void whoamiWithEnvironmentCredentials() {
        CliRun run = CliRun.run(env, "whoami", "--endpoint-url=" + moto.endpoint());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("account:     123456789012"), run.out());
        assertTrue(run.out().contains("credentials: environment"), run.out());
        assertFalse(run.out().contains("moto-secret-key-for-tests"));
    }

    @Test
    void assumedRoleIdentity() {
        CliRun run = CliRun.run(env, "whoami", "--endpoint-url=" + moto.endpoint(), "--assume-role",
                "arn:aws:iam::123456789012:role/image-pusher", "--role-session-name", "nightly-7");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("arn:aws:sts::123456789012:assumed-role/image-pusher/nightly-7"), run.out());
    }

    @Test
    void loginHandsThePasswordToDockerOnStandardInputOnly() throws Exception {
        Path record = dir.resolve("docker-calls");
        Path docker = dir.resolve("docker");
        Files.writeString(docker, "#!/bin/sh\necho \"args: $*\" >> " + record + "\necho \"stdin: $(cat)\" >> " + record + "\necho 'Login Succeeded'\n");
        docker.toFile().setExecutable(true);
        Path config = Files.createDirectories(dir.resolve("docker-config"));

        CliRun run = CliRun.run(env, "login", "--endpoint-url=" + moto.endpoint(), "--docker", docker.toString(),
                "--docker-config", config.toString());

        assertEquals(0, run.exitCode(), run.err());
        String host = run.out().strip();
        assertEquals("123456789012.dkr.ecr.eu-west-1.amazonaws.com", host);
        List<String> calls = Files.readAllLines(record);
        assertEquals("args: --config " + config + " login --username AWS --password-stdin " + host, calls.get(0));
        String password = calls.get(1).substring("stdin: ".length());
        assertFalse(password.isBlank(), "the password arrived on standard input");
        assertFalse(calls.get(0).contains(password) || run.out().contains(password) || run.err().contains(password));
    }
}
