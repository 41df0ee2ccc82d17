package io.jenkins.plugins.ecrpipeline.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.ecrpipeline.ecr.EcrAuthorizationRequest;
import io.jenkins.plugins.ecrpipeline.ecr.EcrAuthorizer;
import io.jenkins.plugins.ecrpipeline.ecr.EcrPasswords;
import io.jenkins.plugins.ecrpipeline.localaws.LocalEcrExtension;
import io.jenkins.plugins.ecrpipeline.localaws.LocalEcrFixture;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/** The agent-side entry points, called as a Jenkins step's callable calls them: the instance role's credentials only. */
@ExtendWith(LocalEcrExtension.class)
class AwsIdentityTest {
    private static AwsEnvironment agent(LocalEcrFixture aws) {
        return AwsEnvironment.of(Map.of("HOME", "/nonexistent-home", "AWS_EC2_METADATA_SERVICE_ENDPOINT", aws.server.endpoint() + "/"));
    }

    private static AwsSessionSettings session(LocalEcrFixture aws) {
        return new AwsSessionSettings(null, aws.server.endpoint(), null, Duration.ofSeconds(2));
    }

    @Test
    void bindKeepsTheSecretKeyAndTokenApartFromThePublicVariables(LocalEcrFixture aws) throws Exception {
        CredentialBinding binding = AwsIdentity.bind(session(aws), agent(aws));

        AwsSessionCredentials instance = (AwsSessionCredentials) aws.instanceProfile().resolveCredentials();
        assertEquals(Set.of("AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"), binding.secretVariables().keySet());
        assertEquals(instance.secretAccessKey(), binding.secretVariables().get("AWS_SECRET_ACCESS_KEY").reveal());
        assertEquals(instance.sessionToken(), binding.secretVariables().get("AWS_SESSION_TOKEN").reveal());
        assertEquals(Map.of("AWS_ACCESS_KEY_ID", instance.accessKeyId(), "AWS_REGION", "eu-west-1", "AWS_DEFAULT_REGION", "eu-west-1"),
                binding.publicVariables());
        assertFalse(binding.toString().contains(instance.secretAccessKey()) || binding.toString().contains(instance.sessionToken()));
    }

    @Test
    void whoamiNamesTheInstanceRole(LocalEcrFixture aws) throws Exception {
        CallerIdentity me = AwsIdentity.whoami(session(aws), agent(aws));
        assertEquals("111111111111", me.account());
        assertEquals("instance profile (IMDSv2)", me.credentialSource());
        assertTrue(me.arn().contains(":assumed-role/jenkins-agent/"), me.arn());
    }

    @Test
    void authorizeGivesOnePasswordPerAccountWithoutDocker(LocalEcrFixture aws) throws Exception {
        EcrAuthorizationRequest request = new EcrAuthorizationRequest(session(aws), true,
                List.of(new AssumeRoleSettings("arn:aws:iam::222222222222:role/image-pusher", null, "test-session", Duration.ofHours(1))),
                List.of(), List.of());
        EcrPasswords authorizations = EcrAuthorizer.authorize(request, agent(aws), Clock.systemUTC());

        // The role's account first: it is the primary registry (cleanup, build and AWS_ECR_DOMAIN act there).
        assertEquals(List.of(aws.server.registryHosts().get("222222222222"), aws.server.registryHosts().get("111111111111")),
                authorizations.hosts());
        assertFalse(authorizations.anyNeedsRenewal(Clock.systemUTC().instant()));
        assertFalse(authorizations.toString().contains(authorizations.all().get(0).password().reveal()));
    }

    @Test
    void registryIdsReuseTheOwnPasswordForOtherAccountsRegistryHosts(LocalEcrFixture aws) throws Exception {
        // ECR host names differ only in the account, so the own token's host gives the others' (the AWS case)...
        assertEquals("222222222222.dkr.ecr.eu-west-1.amazonaws.com",
                EcrAuthorizer.registryHost("111111111111.dkr.ecr.eu-west-1.amazonaws.com", "222222222222"));
        assertEquals("222222222222.dkr.ecr.cn-north-1.amazonaws.com.cn",
                EcrAuthorizer.registryHost("111111111111.dkr.ecr.cn-north-1.amazonaws.com.cn", "222222222222"));
        // ...while an endpoint whose registries are not named that way is told so, with what to do instead.
        EcrAuthorizationRequest request = new EcrAuthorizationRequest(session(aws), true, List.of(), List.of(), List.of("222222222222"));
        io.jenkins.plugins.ecrpipeline.PipelineException e = org.junit.jupiter.api.Assertions.assertThrows(
                io.jenkins.plugins.ecrpipeline.PipelineException.class, () -> EcrAuthorizer.authorize(request, agent(aws), Clock.systemUTC()));
        assertTrue(e.getMessage().contains("log in with a role of account 222222222222 instead"), e.getMessage());
        assertEquals(java.util.Optional.of("registry ids"), e.field());
    }
}
