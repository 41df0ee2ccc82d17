package io.jenkins.plugins.ecrpipeline.aws;

import io.jenkins.plugins.ecrpipeline.PipelineException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/** Turns AWS errors into messages a person can act on: what was refused, for whom, and what to change. */
public final class AwsErrors {
    private AwsErrors() {
    }

    /**
     * @param action the IAM action that was attempted, e.g. {@code ecr:GetAuthorizationToken}
     * @param identity who made the call (source and ARN when known)
     */
    public static PipelineException explain(SdkException e, String action, String identity) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            String code = service.awsErrorDetails().errorCode();
            String message = service.awsErrorDetails().errorMessage();
            if (code == null) {
                code = "HTTP " + service.statusCode();
            }
            switch (code) {
                case "AccessDenied", "AccessDeniedException":
                    return new PipelineException(action + " was denied for " + identity + ": " + message + ". Allow " + action
                            + " in that principal's IAM policy (see the README's least-privilege policies).", e);
                case "ExpiredToken", "ExpiredTokenException":
                    return new PipelineException("the credentials of " + identity + " have expired (" + action + "). Instance and "
                            + "role credentials renew by themselves; static AWS_SESSION_TOKEN values must be replaced.", e);
                case "InvalidClientTokenId", "UnrecognizedClientException":
                    return new PipelineException("AWS does not recognise the credentials of " + identity + " (" + action
                            + "): they were revoked, belong to another partition, or were mistyped.", e);
                case "SignatureDoesNotMatch", "InvalidSignatureException":
                    return new PipelineException("AWS rejected the request signature of " + identity + " (" + action
                            + "): the secret key does not match the access key, or the agent's clock is off by more than 5 minutes.", e);
                case "ThrottlingException", "Throttling", "TooManyRequestsException":
                    return new PipelineException(action + " was throttled and retries ran out (" + message + "). Many jobs may be "
                            + "logging in at once; spread their start times.", e);
                default:
                    return new PipelineException(action + " failed for " + identity + ": " + code + ": " + message, e);
            }
        }
        if (e instanceof SdkClientException) {
            return new PipelineException(action + " could not reach AWS: " + e.getMessage(), e);
        }
        return new PipelineException(action + " failed: " + e.getMessage(), e);
    }
}
