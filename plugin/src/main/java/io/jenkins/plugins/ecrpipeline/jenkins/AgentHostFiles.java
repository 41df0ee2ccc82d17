package io.jenkins.plugins.ecrpipeline.jenkins;

import hudson.remoting.VirtualChannel;
import io.jenkins.plugins.ecrpipeline.process.HostFiles;
import io.jenkins.plugins.ecrpipeline.process.LocalHostFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import jenkins.security.MasterToSlaveCallable;

/**
 * {@link HostFiles} on the agent: each operation runs the engine's own {@link LocalHostFiles} in the agent JVM, where
 * docker reads them. Private directories go under the workspace's {@code @tmp} directory, as docker-commons does.
 */
final class AgentHostFiles implements HostFiles {
    private final VirtualChannel channel;
    private final String tempDirectory;

    AgentHostFiles(VirtualChannel channel, String tempDirectory) {
        this.channel = channel;
        this.tempDirectory = tempDirectory;
    }

    @Override
    public String createPrivateDirectory(String prefix) throws InterruptedException {
        return call(new CreatePrivateDirectory(tempDirectory, prefix));
    }

    @Override
    public Optional<byte[]> read(String path) throws InterruptedException {
        return Optional.ofNullable(call(new Read(tempDirectory, path)));
    }

    @Override
    public void write(String path, byte[] content) throws InterruptedException {
        call(new Write(tempDirectory, path, content));
    }

    @Override
    public void deleteRecursively(String path) throws InterruptedException {
        call(new Delete(tempDirectory, path));
    }

    private <V> V call(FileCall<V> call) throws InterruptedException {
        try {
            return channel.call(call);
        } catch (IOException e) {
            throw new io.jenkins.plugins.ecrpipeline.PipelineException(Messages.AgentHostFiles_Unreachable(e.getMessage()), e);
        }
    }

    /** One file operation, run in the agent JVM. */
    private abstract static class FileCall<V> extends MasterToSlaveCallable<V, RuntimeException> {
        private static final long serialVersionUID = 1L;
        private final String tempDirectory;

        FileCall(String tempDirectory) {
            this.tempDirectory = tempDirectory;
        }

        LocalHostFiles files() {
            return new LocalHostFiles(Path.of(tempDirectory));
        }
    }

    private static final class CreatePrivateDirectory extends FileCall<String> {
        private static final long serialVersionUID = 1L;
        private final String prefix;

        CreatePrivateDirectory(String tempDirectory, String prefix) {
            super(tempDirectory);
            this.prefix = prefix;
        }

        @Override
        public String call() {
            return files().createPrivateDirectory(prefix);
        }
    }

    private static final class Read extends FileCall<byte[]> {
        private static final long serialVersionUID = 1L;
        private final String path;

        Read(String tempDirectory, String path) {
            super(tempDirectory);
            this.path = path;
        }

        @Override
        public byte[] call() {
            return files().read(path).orElse(null);
        }
    }

    private static final class Write extends FileCall<Void> {
        private static final long serialVersionUID = 1L;
        private final String path;
        private final byte[] content;

        Write(String tempDirectory, String path, byte[] content) {
            super(tempDirectory);
            this.path = path;
            this.content = content.clone();
        }

        @Override
        public Void call() {
            files().write(path, content);
            return null;
        }
    }

    private static final class Delete extends FileCall<Void> {
        private static final long serialVersionUID = 1L;
        private final String path;

        Delete(String tempDirectory, String path) {
            super(tempDirectory);
            this.path = path;
        }

        @Override
        public Void call() {
            files().deleteRecursively(path);
            return null;
        }
    }
}
