package io.jenkins.plugins.ecrpipeline;

import java.util.Optional;

/**
 * A problem a user can fix: the message says what went wrong, where, and how to fix it; it is shown
 * without a stack trace. When one request field is at fault, {@link #field()} names it as the engine does
 * ({@code registry}, {@code compose file}, {@code region}: a {@link RequestField}), so each face can add its own spelling of it.
 */
public class PipelineException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String field;

    public PipelineException(String message) {
        this(null, message, null);
    }

    public PipelineException(String message, Throwable cause) {
        this(null, message, cause);
    }

    protected PipelineException(String field, String message, Throwable cause) {
        super(message, cause);
        this.field = field;
    }

    /** A problem with one request field, e.g. {@code forField(RequestField.REGISTRY, "invalid registry ...")}. */
    public static PipelineException forField(RequestField field, String message) {
        return new PipelineException(field.engineName(), message, null);
    }

    /** A problem with one request field, caused by {@code cause}. */
    public static PipelineException forField(RequestField field, String message, Throwable cause) {
        return new PipelineException(field.engineName(), message, cause);
    }

    /**
     * A problem with a field the engine has no constant for: a face's own field ({@code credentialsId}), a place inside
     * a policy ({@code repositories[2]}), or a field name carried across a process or channel boundary as text.
     */
    public static PipelineException forFieldNamed(String name, String message) {
        return new PipelineException(name, message, null);
    }

    /** {@link #forFieldNamed(String, String)} with a cause. */
    public static PipelineException forFieldNamed(String name, String message, Throwable cause) {
        return new PipelineException(name, message, cause);
    }

    /** The request field at fault, in the engine's words, when it is one field. */
    public Optional<String> field() {
        return Optional.ofNullable(field);
    }
}
