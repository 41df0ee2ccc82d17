package io.jenkins.plugins.ecrpipeline.aws;

/** Who the credentials belong to (STS GetCallerIdentity), where they came from, and the region in use. */
public record CallerIdentity(String account, String arn, String userId, String credentialSource, String region)
        implements java.io.Serializable {
}
