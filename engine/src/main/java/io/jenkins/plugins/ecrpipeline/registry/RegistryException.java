package io.jenkins.plugins.ecrpipeline.registry;

import io.jenkins.plugins.ecrpipeline.PipelineException;
import java.util.List;

/**
 * A registry's refusal or silence, typed so that callers decide on the HTTP status and the distribution API's error
 * code, never on the wording. Its message is neutral; promotion and cleanup each word it for their own users.
 */
public class RegistryException extends PipelineException {
    private static final long serialVersionUID = 1L;
    /** {@link #status()} when the registry did not answer at all (connection refused, timeout, broken stream). */
    public static final int NO_ANSWER = 0;

    private final String registry;
    private final String action;
    private final int status;
    private final List<String> codes;
    private final String detail;

    RegistryException(String registry, String action, int status, List<String> codes, String detail, String message, Throwable cause) {
        super(message, cause);
        this.registry = registry;
        this.action = action;
        this.status = status;
        this.codes = List.copyOf(codes);
        this.detail = detail;
    }

    /** An answer with an unexpected status: "registry R could not ACTION: HTTP N (the registry's words)". */
    static RegistryException answered(String registry, String action, RegistryError error) {
        String detail = error.message();
        String message = error.status() == 403
                ? "registry " + registry + " denied the request to " + action + (detail.isEmpty() ? "" : " (" + detail + ")")
                : "registry " + registry + " could not " + action + ": HTTP " + error.status() + (detail.isEmpty() ? "" : " (" + detail + ")");
        return new RegistryException(registry, action, error.status(), error.codes(), detail, message, null);
    }

    /** No answer: the connection failed or broke. */
    static RegistryException noAnswer(String registry, String action, String message, Throwable cause) {
        return new RegistryException(registry, action, NO_ANSWER, List.of(), "", message, cause);
    }

    /** The registry host, as the caller named it. */
    public String registry() {
        return registry;
    }

    /** What was asked, in words that fit "could not ...": {@code read manifest app:1}. */
    public String action() {
        return action;
    }

    /** The HTTP status, or {@link #NO_ANSWER}. */
    public int status() {
        return status;
    }

    /** The first error code of the answer's body ({@code MANIFEST_UNKNOWN}, {@code TAG_INVALID}), or empty. */
    public String code() {
        return codes.isEmpty() ? "" : codes.get(0);
    }

    /** Every error code of the answer's body, in order. */
    public List<String> codes() {
        return codes;
    }

    /** The registry's own words ({@code CODE: message; ...}), or empty. */
    public String detail() {
        return detail;
    }

    /** Whether the answer is this status with this error code among its errors. */
    public boolean is(int status, String code) {
        return this.status == status && codes.contains(code);
    }

    /** Whether asking again may help: no answer, throttling (429) or a server error (5xx). */
    public boolean isTransient() {
        return status == NO_ANSWER || status == 429 || status >= 500;
    }
}
