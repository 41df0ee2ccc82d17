package io.jenkins.plugins.ecrpipeline.aws;

import io.jenkins.plugins.ecrpipeline.PipelineException;
import java.util.HashMap;
import java.util.Map;
import io.jenkins.plugins.ecrpipeline.process.Secret;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * AWS access for one piece of work: the region, credentials found where the agent has them (and optionally a
 * role assumed on top, refreshed by itself), and SDK clients built with an explicit HTTP client, so nothing
 * depends on ServiceLoader discovery (which Jenkins remoting class loaders break).
 */
public final class AwsSession implements AutoCloseable {
    /** Retries with backoff: many nightly jobs starting together are throttled. */
    private static final int MAX_ATTEMPTS = 8;

    private final AwsSessionSettings settings;
    private final String region;
    private final String source;
    private final AwsCredentialsProvider credentials;
    private final SdkHttpClient http;
    private final StsClient sts;
    private EcrClient ecr;

    private AwsSession(AwsSessionSettings settings, String region, String source, AwsCredentialsProvider credentials,
            SdkHttpClient http, StsClient sts) {
        this.settings = settings;
        this.region = region;
        this.source = source;
        this.credentials = credentials;
        this.http = http;
        this.sts = sts;
    }

    public static AwsSession open(AwsSessionSettings settings, AwsEnvironment env) throws InterruptedException {
        ImdsClient imds = new ImdsClient(env.imdsEndpoint(), settings.imdsTimeout());
        String region = RegionResolver.resolve(settings.region(), env, imds).region();
        SdkHttpClient http = UrlConnectionHttpClient.builder().build();
        try {
            StsClient[] bootstrapSts = new StsClient[1];
            CredentialChain.Resolved found = CredentialChain.resolve(env, imds, () -> {
                // Web identity needs an STS client with no credentials of its own.
                bootstrapSts[0] = stsClient(settings, region, http, software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider.create());
                return bootstrapSts[0];
            });
            StsClient baseSts = stsClient(settings, region, http, found.provider());
            if (settings.assumeRole() == null) {
                return new AwsSession(settings, region, found.source(), found.provider(), http, baseSts);
            }
            AssumeRoleSettings role = settings.assumeRole();
            StsAssumeRoleCredentialsProvider assumed = StsAssumeRoleCredentialsProvider.builder().stsClient(baseSts)
                    .refreshRequest(r -> r.roleArn(role.roleArn()).roleSessionName(role.sessionName())
                            .externalId(role.externalId()).durationSeconds((int) role.duration().toSeconds()))
                    .asyncCredentialUpdateEnabled(false).build();
            try {
                assumed.resolveCredentials();
            } catch (SdkException e) {
                throw AwsErrors.explain(e, "sts:AssumeRole on " + role.roleArn(), found.source() + " credentials");
            }
            String assumedSource = "role " + role.roleArn() + " assumed with " + found.source() + " credentials";
            return new AwsSession(settings, region, assumedSource, assumed, http, stsClient(settings, region, http, assumed));
        } catch (RuntimeException | InterruptedException e) {
            http.close();
            throw e;
        }
    }

    private static StsClient stsClient(AwsSessionSettings settings, String region, SdkHttpClient http, AwsCredentialsProvider credentials) {
        var builder = StsClient.builder().region(Region.of(region)).httpClient(http).credentialsProvider(credentials)
                .overrideConfiguration(retries());
        if (settings.endpointOverride() != null) {
            builder.endpointOverride(settings.endpointOverride());
        }
        return builder.build();
    }

    private static ClientOverrideConfiguration retries() {
        return ClientOverrideConfiguration.builder().retryStrategy(RetryMode.STANDARD).retryStrategy(b -> b.maxAttempts(MAX_ATTEMPTS)).build();
    }

    public String region() {
        return region;
    }

    /** Where the credentials came from, e.g. "instance profile (IMDSv2)". */
    public String credentialSource() {
        return source;
    }

    public AwsCredentialsProvider credentials() {
        return credentials;
    }

    public synchronized EcrClient ecr() {
        if (ecr == null) {
            var builder = EcrClient.builder().region(Region.of(region)).httpClient(http).credentialsProvider(credentials)
                    .overrideConfiguration(retries());
            if (settings.endpointOverride() != null) {
                builder.endpointOverride(settings.endpointOverride());
            }
            ecr = builder.build();
        }
        return ecr;
    }

    public CallerIdentity identity() {
        try {
            GetCallerIdentityResponse me = sts.getCallerIdentity();
            return new CallerIdentity(me.account(), me.arn(), me.userId(), source, region);
        } catch (SdkException e) {
            throw AwsErrors.explain(e, "sts:GetCallerIdentity", source + " credentials");
        }
    }

    /** The current credentials as {@code AWS_*} variables, with the values to mask. */
    public CredentialBinding binding() {
        AwsCredentials current;
        try {
            current = credentials.resolveCredentials();
        } catch (SdkException e) {
            throw new PipelineException("the " + source + " credentials could not be refreshed: " + e.getMessage(), e);
        }
        Map<String, String> publicVariables = new HashMap<>();
        Map<String, Secret> secretVariables = new HashMap<>();
        // The access key id names the key in CloudTrail but grants nothing without the secret: public, as AWS treats it.
        publicVariables.put("AWS_ACCESS_KEY_ID", current.accessKeyId());
        secretVariables.put("AWS_SECRET_ACCESS_KEY", Secret.of(current.secretAccessKey()));
        if (current instanceof AwsSessionCredentials session) {
            secretVariables.put("AWS_SESSION_TOKEN", Secret.of(session.sessionToken()));
        }
        publicVariables.put("AWS_REGION", region);
        publicVariables.put("AWS_DEFAULT_REGION", region);
        java.time.Instant expiresAt = current instanceof AwsSessionCredentials session ? session.expirationTime().orElse(null) : null;
        return new CredentialBinding(publicVariables, secretVariables, expiresAt);
    }

    @Override
    public void close() {
        if (ecr != null) {
            ecr.close();
        }
        sts.close();
        http.close();
    }
}
