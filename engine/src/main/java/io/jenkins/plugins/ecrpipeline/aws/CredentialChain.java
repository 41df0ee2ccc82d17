package io.jenkins.plugins.ecrpipeline.aws;

import io.jenkins.plugins.ecrpipeline.PipelineException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.InstanceProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsWebIdentityTokenFileCredentialsProvider;

/**
 * The SDK v2 default credential order, built explicitly so that it reads the build's environment (not only this
 * JVM's), keeps IMDSv1 off unless asked, needs no ServiceLoader, and can say which source it used, or, when none
 * worked, which sources it tried and why each did not apply.
 */
final class CredentialChain {
    /** The provider that worked and the name of its source, e.g. "instance profile (IMDSv2)". */
    record Resolved(String source, AwsCredentialsProvider provider) {
    }

    /** One place credentials may come from. {@code notApplicable} says why it was skipped, or null if it applies. */
    private record Source(String name, String notApplicable, Supplier<AwsCredentialsProvider> provider) {
    }

    private CredentialChain() {
    }

    static Resolved resolve(AwsEnvironment env, ImdsClient imds, Supplier<StsClient> sts) throws InterruptedException {
        List<String> tried = new ArrayList<>();
        for (Source source : sources(env, sts)) {
            if (source.notApplicable() != null) {
                tried.add(source.name() + ": " + source.notApplicable());
                continue;
            }
            AwsCredentialsProvider provider = source.provider().get();
            try {
                provider.resolveCredentials();
                return new Resolved(source.name(), provider);
            } catch (SdkException | IllegalStateException e) {
                String reason = e.getMessage();
                if (source.name().startsWith("instance profile")) {
                    reason = diagnoseInstanceMetadata(imds, reason);
                }
                tried.add(source.name() + ": " + reason);
            }
        }
        throw new PipelineException("no AWS credentials found. Tried, in order:\n  - " + String.join("\n  - ", tried)
                + "\nOn an EC2 agent, attach an instance profile (IAM role) to the instance; elsewhere set AWS_PROFILE or the "
                + "AWS_* variables. Static keys in Jenkins are not needed on EC2.");
    }

    /** The SDK's message for a failed IMDS call is generic; our own probe tells a hop-limit hang from "not on EC2". */
    private static String diagnoseInstanceMetadata(ImdsClient imds, String sdkReason) throws InterruptedException {
        try {
            imds.token();
            return sdkReason + " (the metadata service answers; does the instance have an IAM role attached?)";
        } catch (PipelineException e) {
            return e.getMessage();
        }
    }

    private static List<Source> sources(AwsEnvironment env, Supplier<StsClient> sts) {
        List<Source> sources = new ArrayList<>();
        sources.add(new Source("system properties", System.getProperty("aws.accessKeyId") == null ? "aws.accessKeyId is not set" : null,
                SystemPropertyCredentialsProvider::create));
        sources.add(new Source("environment", env.get("AWS_ACCESS_KEY_ID") == null || env.get("AWS_SECRET_ACCESS_KEY") == null
                ? "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set" : null, () -> environmentCredentials(env)));
        String tokenFile = env.get("AWS_WEB_IDENTITY_TOKEN_FILE");
        String roleArn = env.get("AWS_ROLE_ARN");
        sources.add(new Source("web identity (EKS IRSA)", tokenFile == null || roleArn == null
                ? "AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN are not set" : null,
                () -> StsWebIdentityTokenFileCredentialsProvider.builder().stsClient(sts.get()).roleArn(roleArn)
                        .webIdentityTokenFile(Path.of(tokenFile))
                        .roleSessionName(env.get("AWS_ROLE_SESSION_NAME") != null ? env.get("AWS_ROLE_SESSION_NAME") : "ecr-image-pipeline")
                        .build()));
        sources.add(profileSource(env));
        boolean container = env.get("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") != null || env.get("AWS_CONTAINER_CREDENTIALS_FULL_URI") != null;
        sources.add(new Source("container (ECS task role, EKS Pod Identity)", container ? null
                : "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and AWS_CONTAINER_CREDENTIALS_FULL_URI are not set",
                ContainerCredentialsProvider::create));
        sources.add(new Source(env.imdsV1Allowed() ? "instance profile (IMDSv2, v1 fallback allowed)" : "instance profile (IMDSv2)", null,
                () -> InstanceProfileCredentialsProvider.builder().endpoint(env.imdsEndpoint().toString())
                        .profileFile(imdsSettings(env.imdsV1Allowed())).profileName(IMDS_PROFILE).build()));
        return sources;
    }

    private static final String IMDS_PROFILE = "ecr-image-pipeline-imds";

    /** IMDSv1 fallback is a per-provider setting only through a profile; this one exists only in memory. */
    private static ProfileFile imdsSettings(boolean v1Allowed) {
        String content = "[profile " + IMDS_PROFILE + "]\nec2_metadata_v1_disabled = " + !v1Allowed + "\n";
        return ProfileFile.builder().content(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)))
                .type(ProfileFile.Type.CONFIGURATION).build();
    }

    private static AwsCredentialsProvider environmentCredentials(AwsEnvironment env) {
        String token = env.get("AWS_SESSION_TOKEN");
        return StaticCredentialsProvider.create(token == null
                ? AwsBasicCredentials.create(env.get("AWS_ACCESS_KEY_ID"), env.get("AWS_SECRET_ACCESS_KEY"))
                : AwsSessionCredentials.create(env.get("AWS_ACCESS_KEY_ID"), env.get("AWS_SECRET_ACCESS_KEY"), token));
    }

    private static Source profileSource(AwsEnvironment env) {
        String name = "profile '" + env.profileName() + "'";
        Path config = env.configFile();
        Path credentials = env.credentialsFile();
        ProfileFile.Aggregator files = ProfileFile.aggregator();
        boolean any = false;
        if (Files.isRegularFile(credentials)) {
            files.addFile(ProfileFile.builder().content(credentials).type(ProfileFile.Type.CREDENTIALS).build());
            any = true;
        }
        if (Files.isRegularFile(config)) {
            files.addFile(ProfileFile.builder().content(config).type(ProfileFile.Type.CONFIGURATION).build());
            any = true;
        }
        if (!any) {
            return new Source(name, "neither " + config + " nor " + credentials + " exists", null);
        }
        ProfileFile profiles = files.build();
        if (profiles.profile(env.profileName()).isEmpty()) {
            return new Source(name, "no such profile in " + config + " or " + credentials, null);
        }
        return new Source(name, null, () -> ProfileCredentialsProvider.builder().profileFile(profiles).profileName(env.profileName()).build());
    }
}
