package io.jenkins.plugins.ecrpipeline;

/**
 * A problem a user can fix: the message says what went wrong, where, and how to fix it; it is shown
 * without a stack trace.
 */
public class PipelineException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PipelineException(String message) {
        super(message);
    }

    public PipelineException(String message, Throwable cause) {
        super(message, cause);
    }
}
