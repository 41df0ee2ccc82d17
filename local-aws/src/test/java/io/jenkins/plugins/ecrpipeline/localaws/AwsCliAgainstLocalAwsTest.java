package io.jenkins.plugins.ecrpipeline.localaws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.ecrpipeline.support.AwsCli;
import io.jenkins.plugins.ecrpipeline.support.LocalStack;
import io.jenkins.plugins.ecrpipeline.support.LocalStackExtension;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** awscli, unchanged, with credentials it found through the local IMDS. */
@ExtendWith(LocalStackExtension.class)
class AwsCliAgainstLocalAwsTest {
    @TempDir
    Path home;
    private LocalAwsServer server;

    @BeforeEach
    void start() throws Exception {
        server = LocalAwsServer.start(LocalAwsSettings.defaults(), 0, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void getCallerIdentityWithInstanceMetadataCredentials(LocalStack stack) throws Exception {
        AwsCli.Result result = AwsCli.debian(stack, server.endpoint(), home).run(Map.of(), "sts", "get-caller-identity");

        assertEquals(0, result.exitCode(), result.err());
        JsonNode identity = new ObjectMapper().readTree(result.out());
        assertEquals("111111111111", identity.get("Account").asText());
        assertTrue(identity.get("Arn").asText().startsWith("arn:aws:sts::111111111111:assumed-role/jenkins-agent/"), result.out());
    }

    @Test
    void assumeRoleRejectsRoleChainingBeyondOneHour(LocalStack stack) throws Exception {
        AwsCli.Result result = AwsCli.debian(stack, server.endpoint(), home).run(Map.of(), "sts", "assume-role",
                "--role-arn", "arn:aws:iam::222222222222:role/image-pusher", "--role-session-name", "nightly", "--duration-seconds", "7200");

        assertEquals(254, result.exitCode(), result.out() + result.err());
        assertTrue(result.err().contains("(ValidationError)") && result.err().contains("role chaining"), result.err());
    }
}
