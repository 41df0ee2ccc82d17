package io.jenkins.plugins.ecrpipeline.aws;

/**
 * Entry points that use the credentials of the JVM they run in (in Jenkins: the agent's), each opening and closing
 * its own session: who these credentials are, and the credentials themselves as variables for a block of work.
 */
public final class AwsIdentity {
    private AwsIdentity() {
    }

    /** Account, caller ARN, credential source and region (STS GetCallerIdentity; needs no IAM permission). */
    public static CallerIdentity whoami(AwsSessionSettings settings, AwsEnvironment env) throws InterruptedException {
        try (AwsSession session = AwsSession.open(settings, env)) {
            return session.identity();
        }
    }

    /** The current credentials (an assumed role's, when the settings name one) as {@code AWS_*} variables. */
    public static CredentialBinding bind(AwsSessionSettings settings, AwsEnvironment env) throws InterruptedException {
        try (AwsSession session = AwsSession.open(settings, env)) {
            return session.binding();
        }
    }
}
