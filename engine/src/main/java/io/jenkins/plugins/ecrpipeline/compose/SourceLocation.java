package io.jenkins.plugins.ecrpipeline.compose;

import java.io.Serializable;
import java.nio.file.Path;

/**
 * A line in a file, for messages that tell the user where to look. Lines count from 1.
 *
 * @param file the file's path as the machine that read it sees it
 * @param line the line, from 1
 */
public record SourceLocation(String file, int line) implements Serializable {
    public static SourceLocation of(Path file, int line) {
        return new SourceLocation(file.toString(), line);
    }

    @Override
    public String toString() {
        return file + ":" + line;
    }
}
