package io.jenkins.plugins.ecrpipeline.process;

import io.jenkins.plugins.ecrpipeline.PipelineException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/** {@link HostFiles} on this machine's file system; private directories go under {@code tempDirectory}. */
public final class LocalHostFiles implements HostFiles {
    private final Path tempDirectory;

    public LocalHostFiles(Path tempDirectory) {
        this.tempDirectory = tempDirectory.toAbsolutePath().normalize();
    }

    @Override
    public String createPrivateDirectory(String prefix) {
        try {
            Files.createDirectories(tempDirectory);
            return Files.createTempDirectory(tempDirectory, prefix,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))).toString();
        } catch (IOException e) {
            throw new PipelineException("cannot create a private directory under " + tempDirectory + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<byte[]> read(String path) {
        try {
            return Optional.of(Files.readAllBytes(Path.of(path)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new PipelineException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<java.io.InputStream> open(String path) {
        try {
            return Optional.of(new java.io.BufferedInputStream(Files.newInputStream(Path.of(path))));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new PipelineException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /** Streams to a private temporary file next to the target and moves it into place on close, as {@link #write} does. */
    @Override
    public java.io.OutputStream create(String path) {
        Path file = Path.of(path).toAbsolutePath();
        try {
            Files.createDirectories(file.getParent());
            Path temporary = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            return new java.io.BufferedOutputStream(Files.newOutputStream(temporary)) {
                private boolean closed;

                @Override
                public void close() throws IOException {
                    if (closed) {
                        return;
                    }
                    closed = true;
                    super.close();
                    Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                }
            };
        } catch (IOException e) {
            throw new PipelineException("cannot write " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void write(String path, byte[] content) {
        Path file = Path.of(path).toAbsolutePath();
        try {
            Files.createDirectories(file.getParent());
            // Created 0600 and moved into place: a reader never sees half a file, nobody else ever reads it.
            Path temporary = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(temporary, content);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new PipelineException("cannot write " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void deleteRecursively(String path) {
        Path root = Path.of(path);
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new PipelineException("could not delete " + path + ": " + e.getMessage(), e);
        }
    }
}
