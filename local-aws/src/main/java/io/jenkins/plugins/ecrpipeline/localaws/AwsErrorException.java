package io.jenkins.plugins.ecrpipeline.localaws;

/**
 * An error the local endpoints answer the way AWS does: an HTTP status, an error code such as
 * {@code RepositoryNotFoundException}, and a message. Each protocol renders it in its own format.
 */
final class AwsErrorException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;

    AwsErrorException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    static AwsErrorException invalidParameter(String message) {
        return new AwsErrorException(400, "InvalidParameterException", message);
    }
}
