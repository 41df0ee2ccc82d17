package io.jenkins.plugins.ecrpipeline.jenkins;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** For tests that prove a secret stayed out of every file Jenkins or an agent wrote. */
final class SecretSearch {
    private SecretSearch() {
    }

    /** The files under the roots holding any of the values, with the value's first characters (never the whole). */
    static List<String> filesHolding(Set<String> values, Path... roots) throws IOException {
        List<String> found = new ArrayList<>();
        for (Path root : roots) {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (!attributes.isRegularFile() || attributes.size() > 50_000_000) {
                        return FileVisitResult.CONTINUE;
                    }
                    try {
                        String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                        for (String value : values) {
                            if (content.contains(value)) {
                                found.add(file + " holds " + value.substring(0, 6) + "...");
                            }
                        }
                    } catch (IOException goneOrUnreadable) {
                        // A file that vanished during the walk holds nothing.
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        }
        return found;
    }

}
