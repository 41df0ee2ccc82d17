package io.jenkins.plugins.ecrpipeline.jenkins;

import com.amazonaws.auth.AWSCredentials;
import com.amazonaws.auth.AWSSessionCredentials;
import com.cloudbees.jenkins.plugins.awscredentials.AmazonWebServicesCredentials;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import hudson.EnvVars;
import hudson.model.Run;
import io.jenkins.plugins.ecrpipeline.PipelineException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * The AWS credentials a step names with {@code credentialsId}, for teams that need a job's own identity rather than
 * the agent's role. They are looked up on the controller for the step's run, as the run's job sees them (its folders'
 * credentials included), and reach the agent side as the base credentials: {@code AWS_ACCESS_KEY_ID},
 * {@code AWS_SECRET_ACCESS_KEY} and {@code AWS_SESSION_TOKEN} in the environment of the engine's work, which its
 * credential chain reads before the agent's own role; a {@code role} the step names is then assumed with them.
 * Not serializable, on purpose: a step keeps the id, never the keys.
 */
final class StepAwsCredentials {
    /** No credentials named: the agent's own identity. */
    static final StepAwsCredentials AGENT = new StepAwsCredentials(null, null, null, null);

    private final String id;
    private final String accessKeyId;
    private final String secretKey;
    private final String sessionToken;

    private StepAwsCredentials(String id, String accessKeyId, String secretKey, String sessionToken) {
        this.id = id;
        this.accessKeyId = accessKeyId;
        this.secretKey = secretKey;
        this.sessionToken = sessionToken;
    }

    /**
     * The credentials {@code credentialsId} names for {@code run}, their use recorded on the credentials; the agent's own
     * identity when the id is empty.
     */
    static StepAwsCredentials of(String credentialsId, Run<?, ?> run) {
        if (credentialsId == null || credentialsId.isBlank()) {
            return AGENT;
        }
        AmazonWebServicesCredentials found = CredentialsProvider.findCredentialById(credentialsId, AmazonWebServicesCredentials.class, run);
        if (found == null) {
            throw PipelineException.forFieldNamed("credentialsId", Messages.StepAwsCredentials_NotFound(credentialsId));
        }
        CredentialsProvider.track(run, found);
        AWSCredentials keys;
        try {
            // AWS credentials with an IAM role of their own assume it here, on the controller (the aws-credentials plugin does).
            keys = found.getCredentials();
        } catch (RuntimeException e) {
            throw PipelineException.forFieldNamed("credentialsId", Messages.StepAwsCredentials_Unreadable(credentialsId, e.getMessage()));
        }
        if (isBlank(keys.getAWSAccessKeyId()) || isBlank(keys.getAWSSecretKey())) {
            // Empty keys would read as unset on the agent, and its own role would act instead, unnoticed.
            throw PipelineException.forFieldNamed("credentialsId", Messages.StepAwsCredentials_NoKeys(credentialsId));
        }
        return new StepAwsCredentials(credentialsId, keys.getAWSAccessKeyId(), keys.getAWSSecretKey(),
                keys instanceof AWSSessionCredentials session ? session.getSessionToken() : null);
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    /** {@link #of} for a starting step: a problem fails the step, named as its other failures are. */
    static StepAwsCredentials forStep(String step, String credentialsId, StepContext context) throws IOException, InterruptedException {
        try {
            return of(credentialsId, context.get(Run.class));
        } catch (PipelineException e) {
            throw Util.abort(step, e, ContextSecrets.of(context));
        }
    }

    /** Whether the step uses the agent's own identity (no credentials named). */
    boolean isAgent() {
        return id == null;
    }

    String id() {
        return id;
    }

    /**
     * The environment for the engine's AWS work: a copy of {@code environment} with these credentials in place of any AWS
     * keys it had (a session token of other credentials would not go with them, so it is cleared); a plain copy for the
     * agent's identity.
     */
    EnvVars over(EnvVars environment) {
        EnvVars with = new EnvVars(environment);
        if (isAgent()) {
            return with;
        }
        with.put("AWS_ACCESS_KEY_ID", accessKeyId);
        with.put("AWS_SECRET_ACCESS_KEY", secretKey);
        // Empty, not absent: Jenkins removes a variable given as empty from a process's environment, and the engine reads
        // an empty one as unset.
        with.put("AWS_SESSION_TOKEN", sessionToken == null ? "" : sessionToken);
        return with;
    }

    /** The values to mask: the secret key and the session token (the access key id names the key but grants nothing). */
    List<String> secrets() {
        List<String> secrets = new ArrayList<>();
        if (secretKey != null) {
            secrets.add(secretKey);
        }
        if (sessionToken != null) {
            secrets.add(sessionToken);
        }
        return secrets;
    }
}
