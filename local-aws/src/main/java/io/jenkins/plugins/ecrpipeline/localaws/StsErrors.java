package io.jenkins.plugins.ecrpipeline.localaws;

/** STS speaks the query protocol, whose error codes differ from the JSON services' for the same failures. */
final class StsErrors {
    private StsErrors() {
    }

    static AwsErrorException translate(AwsErrorException e) {
        return switch (e.code()) {
            case "UnrecognizedClientException" -> new AwsErrorException(403, "InvalidClientTokenId", e.getMessage());
            case "InvalidSignatureException" -> new AwsErrorException(403, "SignatureDoesNotMatch", e.getMessage());
            case "ExpiredTokenException" -> new AwsErrorException(400, "ExpiredToken", e.getMessage());
            case "ThrottlingException" -> new AwsErrorException(400, "Throttling", e.getMessage());
            case "MissingAuthenticationTokenException" -> new AwsErrorException(403, "MissingAuthenticationToken", e.getMessage());
            default -> e;
        };
    }
}
