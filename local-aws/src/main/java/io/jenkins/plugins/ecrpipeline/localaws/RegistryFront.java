package io.jenkins.plugins.ecrpipeline.localaws;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The registry host the local ECR reports for one account: a streaming HTTP/1.1 relay in front of the account's
 * {@code docker-registry}, which cannot do two things ECR does. A manifest PUT by tag from a client that may push is
 * decided here first ({@code TAG_INVALID}, HTTP 400, for a move of an immutable tag), and a layer GET from a client
 * that may pull is redirected to a signed URL ({@link BlobDownloads}); every other request, and the PUTs allowed,
 * pass through unchanged. Written on plain sockets: the JDK's HTTP server waits for a line end after docker's TLS
 * probe, a 10 s stall on every docker login and push, and the JDK's HTTP client moves response bodies at a third of
 * the speed.
 */
final class RegistryFront implements AutoCloseable {
    // The distribution API's tag grammar; a PUT by digest (sha256:...) never matches, and never moves a tag.
    private static final Pattern TAGGED_MANIFEST = Pattern.compile("/v2/(.+)/manifests/([A-Za-z0-9_][A-Za-z0-9_.-]{0,127})");
    private static final Pattern BLOB = Pattern.compile("/v2/(.+)/blobs/(sha256:[0-9a-f]{64})");
    private static final Pattern UPLOAD = Pattern.compile("/v2/(.+)/blobs/uploads/[^/]+");
    // ECR's and the registry's limit on a manifest (PutImage's imageManifest: at most 4,194,304 characters).
    private static final int MANIFEST_LIMIT = 4 * 1024 * 1024;

    private final ServerSocketChannel listener;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "local-aws-registry-front");
        t.setDaemon(true);
        return t;
    });
    private final Set<SocketChannel> connections = ConcurrentHashMap.newKeySet();
    private final RegistryForwarder forwarder;
    private final Grants grants;
    private final TagImmutability tags;
    private final BlobDownloads downloads;
    private final BlobTraffic traffic = new BlobTraffic();

    /** Whether an {@code Authorization} field value (null: none) grants an action on a repository, as the registry would decide. */
    interface Grants {
        boolean allow(String authorization, String repository, String action);
    }

    private RegistryFront(ServerSocketChannel listener, RegistryForwarder forwarder, Grants grants, TagImmutability tags, BlobDownloads downloads) {
        this.listener = listener;
        this.forwarder = forwarder;
        this.grants = grants;
        this.tags = tags;
        this.downloads = downloads;
    }

    /** Serves on 127.0.0.1 at {@code port} (0: any free port) in front of {@code registry}. */
    static RegistryFront start(int port, URI registry, Grants grants, TagImmutability tags, BlobDownloads downloads) throws IOException {
        ServerSocketChannel listener = ServerSocketChannel.open();
        listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        RegistryFront front = new RegistryFront(listener, new RegistryForwarder(registry), grants, tags, downloads);
        front.threads.execute(front::accept);
        return front;
    }

    /** What this front saw of blob transfers, and the reads it refuses. */
    BlobTraffic traffic() {
        return traffic;
    }

    /** {@code 127.0.0.1:<port>}. */
    String host() {
        return "127.0.0.1:" + listener.socket().getLocalPort();
    }

    private void accept() {
        while (listener.isOpen()) {
            try {
                SocketChannel connection = listener.accept();
                connections.add(connection);
                threads.execute(() -> serve(connection));
            } catch (IOException e) {
                // closed: the front is stopping
            }
        }
    }

    private void serve(SocketChannel connection) {
        try (connection) {
            connection.setOption(StandardSocketOptions.TCP_NODELAY, true);
            InputStream in = new BufferedInputStream(connection.socket().getInputStream(), 64 * 1024);
            OutputStream out = new BufferedOutputStream(connection.socket().getOutputStream(), 64 * 1024);
            for (boolean open = true; open;) {
                in.mark(1);
                int first = in.read();
                // A request starts with a method; anything else (docker's TLS probe starts 0x16) is closed at once, which
                // lets a client that tried TLS fall back to plain HTTP, as it does with the registry itself.
                if (first < 'A' || first > 'Z') {
                    return;
                }
                in.reset();
                HttpWire.Head request = HttpWire.readHead(in);
                open = request != null && handle(request, in, out, connection);
                out.flush();
            }
        } catch (IOException | RuntimeException e) {
            // The client or the registry went away mid-exchange; there is no one left to answer.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            connections.remove(connection);
        }
    }

    /** @return whether the connection can carry another request */
    private boolean handle(HttpWire.Head request, InputStream in, OutputStream out, SocketChannel connection)
            throws IOException, InterruptedException {
        String[] line = request.startLineParts();
        if (line.length != 3 || !line[2].startsWith("HTTP/1.")) {
            RegistryErrors.send(out, 400, "UNSUPPORTED", "not an HTTP/1.x request: " + request.startLine(), true);
            return false;
        }
        boolean closes = request.lists("Connection", "close") || line[2].equals("HTTP/1.0");
        if (request.lists("Expect", "100-continue")) {
            out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }
        String path = line[1].contains("?") ? line[1].substring(0, line[1].indexOf('?')) : line[1];
        boolean read = line[0].equals("GET") || line[0].equals("HEAD");
        if (read && BlobDownloads.isSignedPath(path)) {
            return downloads.serve(request, line[1], out, connection, closes);
        }
        Matcher blob = BLOB.matcher(path);
        if (line[0].equals("GET") && blob.matches()) {
            if (traffic.refusesRead(blob.group(2))) {
                RegistryErrors.send(out, 503, "UNAVAILABLE", "service unavailable (a fault local-aws was told to inject)", closes);
                return !closes;
            }
            Optional<String> signed = grants.allow(request.first("Authorization").orElse(null), blob.group(1), "pull")
                    ? downloads.signedPath(blob.group(1), blob.group(2)) : Optional.empty();
            if (signed.isPresent()) {
                redirect(out, "http://" + request.first("Host").orElse(host()) + signed.get(), closes);
                return !closes;
            }
        }
        Matcher manifest = TAGGED_MANIFEST.matcher(path);
        if (line[0].equals("PUT") && manifest.matches()) {
            return putTaggedManifest(request, in, out, manifest.group(1), manifest.group(2), closes);
        }
        if ((line[0].equals("PATCH") || line[0].equals("PUT")) && UPLOAD.matcher(path).matches()) {
            try (BlobTraffic.Upload upload = traffic.upload(line[0], request.chunked() || request.contentLength() > 0)) {
                return forwarder.forward(request, in, out, host(), closes);
            }
        }
        return forwarder.forward(request, in, out, host(), closes);
    }

    private static void redirect(OutputStream out, String location, boolean closes) throws IOException {
        out.write(("HTTP/1.1 307 Temporary Redirect\r\nDocker-Distribution-Api-Version: registry/2.0\r\nLocation: " + location
                + "\r\nContent-Length: 0\r\n" + (closes ? "Connection: close\r\n" : "") + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private boolean putTaggedManifest(HttpWire.Head request, InputStream in, OutputStream out, String repository, String tag, boolean closes)
            throws IOException, InterruptedException {
        long length = request.contentLength();
        byte[] manifest = request.chunked() ? HttpWire.readChunked(in, MANIFEST_LIMIT)
                : length > MANIFEST_LIMIT ? null : in.readNBytes((int) Math.max(length, 0));
        if (manifest == null || manifest.length > MANIFEST_LIMIT) {
            RegistryErrors.send(out, 400, "MANIFEST_INVALID", "manifest invalid: larger than " + MANIFEST_LIMIT + " bytes", true);
            return false;
        }
        if (length >= 0 && manifest.length < length) {
            throw new java.io.EOFException("the manifest ended early");
        }
        if (!grants.allow(request.first("Authorization").orElse(null), repository, "push")) {
            // The registry answers as it does to any push it does not allow (a 401 challenge), and says nothing of the tag.
            return forwarder.forward(request, manifest, out, host(), closes);
        }
        String digest = "sha256:" + SigV4Verifier.hex(SigV4Verifier.sha256(manifest));
        try {
            return tags.put(repository, tag, digest, () -> forwarder.forward(request, manifest, out, host(), closes));
        } catch (TagImmutability.Refused refused) {
            RegistryErrors.send(out, 400, "TAG_INVALID", refused.getMessage(), closes);
            return !closes;
        }
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException e) {
            // closing a listener that failed to close leaves nothing to do
        }
        connections.forEach(c -> {
            try {
                c.close();
            } catch (IOException e) {
                // the connection is going away either way
            }
        });
        threads.shutdownNow();
    }
}
