package io.jenkins.plugins.ecrpipeline;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Jackson's messages span lines and quote the source ({@code at [Source: ...; line: 508, column: 56]}); a person
 * reading a file's error needs one line: what is wrong, and where.
 */
public final class JsonErrors {
    private JsonErrors() {
    }

    /**
     * Whether the text ended inside a value (a file cut short by a full disk or an interrupted copy): the parser says
     * so, or it failed exactly where the input ended.
     *
     * @param length how many bytes the input had, or -1 when unknown
     */
    public static boolean cutOff(Exception e, long length) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            // databind wraps the parser's end-of-input in a mapping exception when a value was being bound.
            if (cause instanceof JsonEOFException) {
                return true;
            }
            if (length >= 0 && cause instanceof JsonProcessingException json && json.getLocation() != null) {
                JsonLocation at = json.getLocation();
                long offset = at.getByteOffset() >= 0 ? at.getByteOffset() : at.getCharOffset();
                if (offset >= length) {
                    return true;
                }
            }
        }
        return false;
    }

    /** An input that counts what was read from it, so that an error at its end can be told from one in the middle. */
    public static final class CountingInput extends FilterInputStream {
        private long count;
        private boolean ended;

        public CountingInput(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b < 0) {
                ended = true;
            } else {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n < 0) {
                ended = true;
            } else {
                count += n;
            }
            return n;
        }

        /** The input's length once it was read to its end, else -1. */
        public long lengthIfEnded() {
            return ended ? count : -1;
        }
    }

    /** What is wrong with a JSON text that failed to read, in one line with its line and column. */
    public static String describe(Exception e, long length) {
        Throwable cause = e instanceof UncheckedIOException unchecked ? unchecked.getCause() : e;
        if (!(cause instanceof JsonProcessingException json)) {
            String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
            return message.lines().findFirst().orElse(message);
        }
        JsonLocation at = json.getLocation();
        String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
        if (cutOff(e, length)) {
            return "it ends in the middle" + where + ": the file is cut off";
        }
        String message = json.getOriginalMessage();
        // Jackson adds where an unclosed structure began; the location above says enough.
        int marker = message.indexOf(" (start marker at");
        return (marker > 0 ? message.substring(0, marker) : message).lines().findFirst().orElse(message) + where;
    }
}
