package io.jenkins.plugins.ecrpipeline.compose;

import java.nio.file.Path;

/** A line in a file, for messages that tell the user where to look. Lines count from 1. */
public record SourceLocation(Path file, int line) {
    @Override
    public String toString() {
        return file + ":" + line;
    }
}
