package io.jenkins.plugins.ecrpipeline.compose;

import io.jenkins.plugins.ecrpipeline.PipelineException;
import io.jenkins.plugins.ecrpipeline.RequestField;

/** A compose file that cannot be used as written; the message names the file, the line and the fix. */
public final class ComposeException extends PipelineException {
    private static final long serialVersionUID = 1L;

    public ComposeException(String message) {
        super(message);
    }

    public ComposeException(SourceLocation where, String message) {
        super(where + ": " + message);
    }

    private ComposeException(RequestField field, String message) {
        super(field.engineName(), message, null);
    }

    /** A problem with one request field (e.g. {@code compose file}) rather than with a place in a file. */
    public static ComposeException forField(RequestField field, String message) {
        return new ComposeException(field, message);
    }
}
