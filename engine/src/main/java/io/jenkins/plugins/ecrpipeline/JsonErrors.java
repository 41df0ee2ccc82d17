package io.jenkins.plugins.ecrpipeline;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.io.UncheckedIOException;

/**
 * Jackson's messages span lines and quote the source ({@code at [Source: ...; line: 508, column: 56]}); a person
 * reading a file's error needs one line: what is wrong, and where.
 */
public final class JsonErrors {
    private JsonErrors() {
    }

    /** Whether the text ended inside a value: a file cut short by a full disk or an interrupted copy. */
    public static boolean cutOff(Exception e) {
        return (e instanceof UncheckedIOException unchecked ? unchecked.getCause() : e) instanceof JsonEOFException;
    }

    /** What is wrong with a JSON text that failed to read, in one line with its line and column. */
    public static String describe(Exception e) {
        Throwable cause = e instanceof UncheckedIOException unchecked ? unchecked.getCause() : e;
        if (!(cause instanceof JsonProcessingException json)) {
            String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
            return message.lines().findFirst().orElse(message);
        }
        JsonLocation at = json.getLocation();
        String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
        if (cutOff(e)) {
            return "it ends in the middle" + where + ": the file is cut off";
        }
        String message = json.getOriginalMessage();
        // Jackson adds where an unclosed structure began; the location above says enough.
        int marker = message.indexOf(" (start marker at");
        return (marker > 0 ? message.substring(0, marker) : message).lines().findFirst().orElse(message) + where;
    }
}
