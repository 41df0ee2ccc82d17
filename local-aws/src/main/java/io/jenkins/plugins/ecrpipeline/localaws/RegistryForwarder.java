package io.jenkins.plugins.ecrpipeline.localaws;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Relays one request from a front's client to the registry behind the front, and the registry's answer back, bytes as
 * they come in large buffers (a layer of hundreds of MB is never held). Each request gets its own connection to the
 * registry, closed after the answer, so that an answer ends where the registry closes. The registry builds its
 * {@code Location} headers from {@code X-Forwarded-Host}, so clients keep talking to the front.
 */
final class RegistryForwarder {
    /** Hop-by-hop fields (RFC 9110 7.6.1), and the fields the front sets for the registry itself. */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection", "te", "upgrade", "expect",
            "host", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-for", "forwarded");
    private static final Set<String> FRAMING = Set.of("content-length", "transfer-encoding");
    private static final int CONNECT_TIMEOUT_MS = 5_000;
    // A registry that says nothing for this long is stuck; one that is receiving a slow upload answers at its end.
    private static final int READ_TIMEOUT_MS = 600_000;

    private final InetSocketAddress registry;

    /** @param registry the registry behind the front, {@code http://127.0.0.1:<port>} */
    RegistryForwarder(URI registry) {
        this.registry = new InetSocketAddress(registry.getHost(), registry.getPort());
    }

    /**
     * Relays a request whose body (if any) the client is still sending, framed as the client framed it.
     *
     * @param frontHost the front's {@code host:port}, for the registry's Location headers when the client sent no Host
     * @param clientCloses whether the client asked to close its connection after this answer
     * @return whether the client's connection can carry another request
     */
    boolean forward(HttpWire.Head request, InputStream client, OutputStream answer, String frontHost, boolean clientCloses) throws IOException {
        long length = request.contentLength();
        boolean chunked = request.chunked();
        InputStream body = new ClientBody(client);
        String framing = chunked ? "Transfer-Encoding: chunked\r\n" : length >= 0 ? "Content-Length: " + length + "\r\n" : "";
        return exchange(request, framing, upstream -> {
            if (chunked) {
                HttpWire.relayChunked(body, upstream);
            } else if (length > 0) {
                HttpWire.copy(body, upstream, length);
            }
        }, answer, frontHost, clientCloses);
    }

    /** Relays a request with a body the front has read already (a manifest). */
    boolean forward(HttpWire.Head request, byte[] body, OutputStream answer, String frontHost, boolean clientCloses) throws IOException {
        return exchange(request, "Content-Length: " + body.length + "\r\n", upstream -> upstream.write(body), answer, frontHost, clientCloses);
    }

    /** Writes a request body to the registry. */
    private interface BodyWriter {
        void writeTo(OutputStream upstream) throws IOException;
    }

    private boolean exchange(HttpWire.Head request, String framing, BodyWriter body, OutputStream answer, String frontHost,
            boolean clientCloses) throws IOException {
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            try {
                socket.connect(registry, CONNECT_TIMEOUT_MS);
            } catch (IOException e) {
                RegistryErrors.send(answer, 502, "UNAVAILABLE", "local-aws could not reach the registry at " + registry + ": " + e.getMessage(), true);
                return false;
            }
            socket.setSoTimeout(READ_TIMEOUT_MS);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
            InputStream in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
            boolean bodySent = true;
            try {
                out.write(upstreamHead(request, framing, frontHost).getBytes(StandardCharsets.ISO_8859_1));
                body.writeTo(out);
                out.flush();
            } catch (ClientGone gone) {
                throw gone.getCause();
            } catch (EOFException clientStopped) {
                // The client's body ended before its framing said: nothing sensible can be answered.
                throw clientStopped;
            } catch (IOException refusedMidway) {
                // The registry may answer before it has read the whole body (a refusal) and close; its answer still counts,
                // but the rest of the client's body is unread, so the client's connection cannot carry another request.
                bodySent = false;
            }
            HttpWire.Head response = HttpWire.readHead(in);
            while (response != null && status(response) >= 100 && status(response) < 200) {
                response = HttpWire.readHead(in);
            }
            if (response == null) {
                RegistryErrors.send(answer, 502, "UNAVAILABLE", "the registry at " + registry + " closed the connection without an answer", true);
                return false;
            }
            boolean keepOpen = !clientCloses && bodySent && selfDelimited(request, response);
            answer.write(clientHead(response, keepOpen).getBytes(StandardCharsets.ISO_8859_1));
            // The registry closes after its answer (Connection: close), so the answer is everything up to that.
            HttpWire.copyToEnd(in, answer);
            answer.flush();
            return keepOpen;
        }
    }

    private String upstreamHead(HttpWire.Head request, String framing, String frontHost) {
        String[] line = request.startLineParts();
        StringBuilder head = new StringBuilder(line[0]).append(' ').append(line[1]).append(" HTTP/1.1\r\n")
                .append("Host: ").append(registry.getHostString()).append(':').append(registry.getPort()).append("\r\n")
                .append("X-Forwarded-Host: ").append(request.first("Host").orElse(frontHost)).append("\r\n")
                .append("X-Forwarded-Proto: http\r\n")
                .append("Connection: close\r\n");
        Set<String> skipped = skipped(request);
        skipped.addAll(FRAMING);
        for (Map.Entry<String, String> field : request.fields()) {
            if (!skipped.contains(HttpWire.lower(field.getKey()))) {
                head.append(field.getKey()).append(": ").append(field.getValue()).append("\r\n");
            }
        }
        return head.append(framing).append("\r\n").toString();
    }

    private static String clientHead(HttpWire.Head response, boolean keepOpen) {
        StringBuilder head = new StringBuilder(response.startLine()).append("\r\n");
        Set<String> skipped = skipped(response);
        for (Map.Entry<String, String> field : response.fields()) {
            if (!skipped.contains(HttpWire.lower(field.getKey()))) {
                head.append(field.getKey()).append(": ").append(field.getValue()).append("\r\n");
            }
        }
        return head.append(keepOpen ? "" : "Connection: close\r\n").append("\r\n").toString();
    }

    /** The hop-by-hop fields, and those the message's Connection field names. */
    private static Set<String> skipped(HttpWire.Head message) {
        Set<String> skipped = new HashSet<>(HOP_BY_HOP);
        message.fields().stream().filter(f -> f.getKey().equalsIgnoreCase("Connection"))
                .forEach(f -> java.util.Arrays.stream(f.getValue().split(",")).map(t -> HttpWire.lower(t.strip())).forEach(skipped::add));
        return skipped;
    }

    private static int status(HttpWire.Head response) throws IOException {
        String[] parts = response.startLineParts();
        try {
            return Integer.parseInt(parts.length > 1 ? parts[1] : "");
        } catch (NumberFormatException e) {
            throw new IOException("the registry answered with a status line that is not HTTP: " + response.startLine());
        }
    }

    /** Whether the client can tell where the answer ends without the connection closing. */
    private static boolean selfDelimited(HttpWire.Head request, HttpWire.Head response) throws IOException {
        int status = status(response);
        return request.startLine().startsWith("HEAD ") || status == 204 || status == 304 || response.chunked() || response.contentLength() >= 0;
    }

    /** Reading the client's body failed: the client went away, and there is no one left to answer. */
    private static final class ClientGone extends IOException {
        private static final long serialVersionUID = 1L;

        ClientGone(IOException cause) {
            super(cause);
        }

        @Override
        public synchronized IOException getCause() {
            return (IOException) super.getCause();
        }
    }

    /** The client's side of a request body: its failures are the client's, not the registry's. */
    private static final class ClientBody extends FilterInputStream {
        ClientBody(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                throw new ClientGone(e);
            }
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            try {
                return super.read(buffer, offset, length);
            } catch (IOException e) {
                throw new ClientGone(e);
            }
        }
    }
}
