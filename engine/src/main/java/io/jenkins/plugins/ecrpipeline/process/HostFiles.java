package io.jenkins.plugins.ecrpipeline.process;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;

/**
 * The few files an operation writes where docker runs: private directories (a docker config holding logins) and
 * reports. Paths are strings as that machine sees them. Locally they are plain files ({@link LocalHostFiles}); in
 * Jenkins they are the agent's, reached through {@code FilePath}.
 */
public interface HostFiles {
    /** Creates a new directory only its owner can enter (mode 0700) under the host's temporary directory. */
    String createPrivateDirectory(String prefix) throws InterruptedException;

    /** The file's bytes, or empty when there is no such file. */
    Optional<byte[]> read(String path) throws InterruptedException;

    /** Replaces the file's content in one step (readers see the old or the new file), creating parent directories. */
    void write(String path, byte[] content) throws InterruptedException;

    /**
     * The file as a stream, or empty when there is no such file. This default reads it whole; implementations on a local
     * file system stream it, so that a large file (a cleanup plan) is never held in memory.
     */
    default Optional<InputStream> open(String path) throws InterruptedException {
        return read(path).map(ByteArrayInputStream::new);
    }

    /**
     * A stream that replaces the file's content when closed, as {@link #write} does. This default collects the bytes and
     * writes them on close; implementations on a local file system stream them to disk.
     */
    default OutputStream create(String path) throws InterruptedException {
        return new ByteArrayOutputStream() {
            @Override
            public void close() throws IOException {
                try {
                    HostFiles.this.write(path, toByteArray());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while writing " + path, e);
                }
            }
        };
    }

    /** Deletes a file or a directory with everything in it; nothing happens when it does not exist. */
    void deleteRecursively(String path) throws InterruptedException;
}
