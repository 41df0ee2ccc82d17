package io.jenkins.plugins.ecrpipeline.process;

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

    /** Deletes a file or a directory with everything in it; nothing happens when it does not exist. */
    void deleteRecursively(String path) throws InterruptedException;
}
