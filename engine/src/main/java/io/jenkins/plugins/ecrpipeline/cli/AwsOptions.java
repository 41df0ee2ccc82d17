package io.jenkins.plugins.ecrpipeline.cli;

import io.jenkins.plugins.ecrpipeline.aws.AssumeRoleSettings;
import io.jenkins.plugins.ecrpipeline.aws.AwsEnvironment;
import io.jenkins.plugins.ecrpipeline.aws.AwsSessionSettings;
import io.jenkins.plugins.ecrpipeline.ecr.EcrAuthorizationRequest;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options shared by the commands that talk to AWS, turned into the engine's request values. */
final class AwsOptions {
    @Option(names = "--region", description = "AWS region (default: AWS_REGION, AWS_DEFAULT_REGION, else the instance identity document).")
    String region;

    @Option(names = "--endpoint-url", paramLabel = "URL",
            description = "Send STS and ECR calls here instead of AWS, e.g. a local-aws endpoint (default: $AWS_ENDPOINT_URL).")
    URI endpointUrl;

    @Option(names = "--assume-role", paramLabel = "ROLE_ARN",
            description = "Assume this role on top of the agent's credentials and act in its account (unless --registry names another). "
                    + "Repeatable for login, exec and build (one registry per role's account, the first role's is the default); "
                    + "whoami and exec's credentials use the first.")
    List<String> roles = new ArrayList<>();

    @Option(names = "--registry-ids", split = ",", paramLabel = "ACCOUNT",
            description = "Also log in to these accounts' registries with the agent's own password (their repository policies must allow it).")
    List<String> registryIds = new ArrayList<>();

    @Option(names = "--external-id", description = "External id for --assume-role.")
    String externalId;

    @Option(names = "--role-session-name", paramLabel = "NAME",
            description = "Session name for --assume-role (default: jenkins-<job>-<build> in Jenkins, else ecr-image-pipeline-<time>).")
    String sessionName;

    @Option(names = "--role-duration", paramLabel = "SECONDS", defaultValue = "3600",
            description = "Role session length (default: ${DEFAULT-VALUE}; role chaining allows at most 3600). Sessions renew by themselves.")
    long roleDurationSeconds;

    /** The agent's own session. */
    AwsSessionSettings settings(Map<String, String> environment) {
        URI endpoint = endpointUrl != null ? endpointUrl : AwsEnvironment.of(environment).endpointOverride();
        return new AwsSessionSettings(region, endpoint, null, Duration.ofSeconds(2));
    }

    /** One session: the agent's credentials, or the first --assume-role on top of them. */
    AwsSessionSettings singleSession(Map<String, String> environment) {
        List<AssumeRoleSettings> roles = roleSettings(environment);
        return roles.isEmpty() ? settings(environment) : settings(environment).withAssumeRole(roles.get(0));
    }

    /** What to log in to: the own account (unless left out) and each role's account, in --region and {@code moreRegions}. */
    EcrAuthorizationRequest authorization(Map<String, String> environment, boolean ownAccount, List<String> moreRegions) {
        List<String> regions = new ArrayList<>();
        if (region != null) {
            regions.add(region);
        }
        regions.addAll(moreRegions);
        return new EcrAuthorizationRequest(settings(environment), ownAccount, roleSettings(environment), regions, registryIds);
    }

    private List<AssumeRoleSettings> roleSettings(Map<String, String> environment) {
        AwsEnvironment env = AwsEnvironment.of(environment);
        List<AssumeRoleSettings> settings = new ArrayList<>();
        for (String role : roles) {
            settings.add(new AssumeRoleSettings(role, externalId, sessionName != null ? sessionName : AssumeRoleSettings.defaultSessionName(env),
                    Duration.ofSeconds(roleDurationSeconds)));
        }
        return settings;
    }
}
