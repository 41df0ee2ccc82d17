package io.jenkins.plugins.ecrpipeline.localaws;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The pieces of HTTP/1.1's wire format (RFC 9112) that the registry front relays: heads, and bodies by their framing. */
final class HttpWire {
    private static final int LINE_LIMIT = 64 * 1024;
    private static final int FIELD_LIMIT = 200;
    // Large enough that relaying costs a few system calls per MB.
    static final int BUFFER = 256 * 1024;

    private HttpWire() {
    }

    /** A request or status line and the header fields after it, in the order they came. */
    record Head(String startLine, List<Map.Entry<String, String>> fields) {
        Head {
            fields = List.copyOf(fields);
        }

        Optional<String> first(String name) {
            return fields.stream().filter(f -> f.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst();
        }

        /** Whether a comma-separated field ({@code Connection}, {@code Expect}, {@code Transfer-Encoding}) lists the token. */
        boolean lists(String name, String token) {
            return fields.stream().filter(f -> f.getKey().equalsIgnoreCase(name))
                    .flatMap(f -> java.util.Arrays.stream(f.getValue().split(",")))
                    .anyMatch(t -> t.strip().equalsIgnoreCase(token));
        }

        boolean chunked() {
            return lists("Transfer-Encoding", "chunked");
        }

        /** The Content-Length, or -1 when there is none. */
        long contentLength() throws IOException {
            Optional<String> length = first("Content-Length");
            try {
                return length.isEmpty() ? -1 : Long.parseLong(length.get().strip());
            } catch (NumberFormatException e) {
                throw new IOException("Content-Length is not a number: " + length.get());
            }
        }

        String[] startLineParts() {
            return startLine.split(" ", 3);
        }
    }

    /** Reads a start line and header fields, up to the empty line; null when the stream ends before any byte. */
    static Head readHead(InputStream in) throws IOException {
        String start = line(in, true);
        if (start == null) {
            return null;
        }
        List<Map.Entry<String, String>> fields = new ArrayList<>();
        for (String line = line(in); !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            if (colon <= 0 || fields.size() == FIELD_LIMIT) {
                throw new IOException("malformed or too many header fields: " + line);
            }
            fields.add(Map.entry(line.substring(0, colon).strip(), line.substring(colon + 1).strip()));
        }
        return new Head(start, fields);
    }

    /** One line without its CRLF (a lone LF ends it too). */
    static String line(InputStream in) throws IOException {
        return line(in, false);
    }

    private static String line(InputStream in, boolean endAllowed) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                if (endAllowed && line.size() == 0) {
                    return null;
                }
                throw new EOFException("the connection closed in the middle of a message");
            }
            if (line.size() == LINE_LIMIT) {
                throw new IOException("a line longer than " + LINE_LIMIT + " bytes");
            }
            line.write(b);
        }
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    /** Copies exactly {@code length} bytes. */
    static void copy(InputStream in, OutputStream out, long length) throws IOException {
        byte[] buffer = new byte[(int) Math.min(BUFFER, Math.max(length, 1))];
        for (long left = length; left > 0;) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new EOFException("the body ended " + left + " bytes early");
            }
            out.write(buffer, 0, n);
            left -= n;
        }
    }

    /** Copies until the stream ends. */
    static void copyToEnd(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[BUFFER];
        for (int n; (n = in.read(buffer)) >= 0;) {
            out.write(buffer, 0, n);
        }
    }

    /** Copies a chunked body as it is, framing and trailers included, and stops at its end. */
    static void relayChunked(InputStream in, OutputStream out) throws IOException {
        while (true) {
            String sizeLine = line(in);
            out.write((sizeLine + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            long size = chunkSize(sizeLine);
            if (size == 0) {
                for (String trailer = line(in); !trailer.isEmpty(); trailer = line(in)) {
                    out.write((trailer + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                }
                out.write('\r');
                out.write('\n');
                return;
            }
            copy(in, out, size);
            if (!line(in).isEmpty()) {
                throw new IOException("a chunk does not end with CRLF");
            }
            out.write('\r');
            out.write('\n');
        }
    }

    /**
     * Reads a chunked body's content, at most {@code limit} bytes of it: a longer body gives {@code limit + 1} bytes and
     * is left unread after them.
     */
    static byte[] readChunked(InputStream in, int limit) throws IOException {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        while (true) {
            long size = chunkSize(line(in));
            if (size == 0) {
                while (!line(in).isEmpty()) {
                    // trailer fields: nothing here uses them
                }
                return content.toByteArray();
            }
            if (content.size() + size > limit) {
                copy(in, content, limit + 1 - content.size());
                return content.toByteArray();
            }
            copy(in, content, size);
            if (!line(in).isEmpty()) {
                throw new IOException("a chunk does not end with CRLF");
            }
        }
    }

    static long chunkSize(String sizeLine) throws IOException {
        int extension = sizeLine.indexOf(';');
        try {
            long size = Long.parseLong((extension < 0 ? sizeLine : sizeLine.substring(0, extension)).strip(), 16);
            if (size < 0) {
                throw new NumberFormatException();
            }
            return size;
        } catch (NumberFormatException e) {
            throw new IOException("a chunk size that is not hexadecimal: " + sizeLine);
        }
    }

    static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
