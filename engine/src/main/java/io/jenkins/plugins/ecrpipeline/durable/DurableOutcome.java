package io.jenkins.plugins.ecrpipeline.durable;

/**
 * How a durable job ended, as JSON in its control directory: the operation's report, or the one-line error of input
 * it refused (with the request field at fault). JSON, not Java serialization: the controller reads it from the agent,
 * which it does not trust to send objects.
 *
 * @param report the report as the operation's JSON (its report file's form), or null after an error
 * @param error the error message, or null
 * @param field the request field the error is about, or null
 */
public record DurableOutcome(String report, String error, String field) {
    public static DurableOutcome of(String reportJson) {
        return new DurableOutcome(reportJson, null, null);
    }

    public static DurableOutcome failed(String error, String field) {
        return new DurableOutcome(null, error, field);
    }
}
