package io.jenkins.plugins.ecrpipeline.ecr;

/**
 * Hands out registry passwords that are still good, renewing those close to expiry. The CLI keeps AWS sessions open
 * in this JVM ({@link EcrAuthorizer}); the Jenkins plugin asks the agent JVM, where the IAM role is.
 */
@FunctionalInterface
public interface EcrPasswordSource {
    EcrPasswords authorize() throws InterruptedException;
}
