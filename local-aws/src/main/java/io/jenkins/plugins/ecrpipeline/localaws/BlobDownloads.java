package io.jenkins.plugins.ecrpipeline.localaws;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Blob downloads as ECR serves them: a GET of a layer is answered with a 307 to a short-lived signed URL (ECR's point
 * at S3, and need no registry token), and that URL is served from the registry's storage by {@code sendfile}, as the
 * registry serves it itself, so that the front is no slower than the registry.
 */
final class BlobDownloads {
    static final String PATH = "/_local-aws/blobs/";
    private static final Pattern SIGNED = Pattern.compile(Pattern.quote(PATH) + "(sha256:[0-9a-f]{64})\\?expires=([0-9]+)&signature=([0-9a-f]{64})");
    private static final Pattern RANGE = Pattern.compile("bytes=([0-9]+)-([0-9]*)");
    // ECR's pre-signed layer URLs are short-lived too; a download that started may run past it.
    private static final Duration LIFETIME = Duration.ofMinutes(20);

    private final RegistryStorage storage;
    private final Clock clock;
    private final SecretKeySpec key;

    BlobDownloads(RegistryStorage storage, Clock clock) {
        this.storage = storage;
        this.clock = clock;
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    /** The signed path of a blob the repository holds, or empty when it holds no such blob (the registry answers then). */
    Optional<String> signedPath(String repository, String digest) {
        if (!digest.matches("sha256:[0-9a-f]{64}") || !storage.linksLayer(repository, digest)) {
            return Optional.empty();
        }
        long expires = clock.instant().plus(LIFETIME).getEpochSecond();
        return Optional.of(PATH + digest + "?expires=" + expires + "&signature=" + signature(digest, expires));
    }

    static boolean isSignedPath(String target) {
        return target.startsWith(PATH);
    }

    /**
     * Answers a GET or HEAD of a signed path: the blob (a single {@code Range} is honoured, as S3 does), or 403 when the
     * signature does not hold or has expired.
     *
     * @param channel the client's connection, for {@code sendfile}; {@code out} is flushed before it is used
     * @return whether the connection can carry another request
     */
    boolean serve(HttpWire.Head request, String target, OutputStream out, WritableByteChannel channel, boolean closes) throws IOException {
        Matcher signed = SIGNED.matcher(target);
        if (!signed.matches() || Long.parseLong(signed.group(2)) < clock.instant().getEpochSecond()
                || !MessageDigest.isEqual(signature(signed.group(1), Long.parseLong(signed.group(2))).getBytes(StandardCharsets.US_ASCII),
                        signed.group(3).getBytes(StandardCharsets.US_ASCII))) {
            RegistryErrors.send(out, 403, "DENIED", "the signed blob URL is invalid or has expired; ask the registry for the blob again", closes);
            return !closes;
        }
        try (FileChannel file = FileChannel.open(storage.blobFile(signed.group(1)), StandardOpenOption.READ)) {
            long size = file.size();
            long start = 0;
            long end = size - 1;
            String status = "200 OK";
            Matcher range = RANGE.matcher(request.first("Range").orElse(""));
            if (range.matches() && Long.parseLong(range.group(1)) < size) {
                start = Long.parseLong(range.group(1));
                end = range.group(2).isEmpty() ? size - 1 : Math.min(size - 1, Long.parseLong(range.group(2)));
                status = "206 Partial Content";
            }
            long length = Math.max(0, end - start + 1);
            out.write(("HTTP/1.1 " + status + "\r\nContent-Type: application/octet-stream\r\nContent-Length: " + length + "\r\n"
                    + "Accept-Ranges: bytes\r\n" + (status.startsWith("206") ? "Content-Range: bytes " + start + "-" + end + "/" + size + "\r\n" : "")
                    + (closes ? "Connection: close\r\n" : "") + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            if (request.startLine().startsWith("GET ")) {
                for (long sent = 0; sent < length;) {
                    sent += file.transferTo(start + sent, length - sent, channel);
                }
            }
            return !closes;
        } catch (NoSuchFileException gone) {
            RegistryErrors.send(out, 404, "BLOB_UNKNOWN", "blob unknown to registry", closes);
            return !closes;
        }
    }

    private String signature(String digest, long expires) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal((digest + "\n" + expires).getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
