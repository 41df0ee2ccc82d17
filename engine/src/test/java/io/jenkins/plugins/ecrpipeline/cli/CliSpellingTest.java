package io.jenkins.plugins.ecrpipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.ecrpipeline.RequestField;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The CLI spells every engine request field, and the engine names no field the enum lacks. */
class CliSpellingTest {
    @Test
    void everyRequestFieldHasAnOption() {
        assertEquals(EnumSet.allOf(RequestField.class), EnumSet.copyOf(CliSpelling.OPTIONS.keySet()));
        assertEquals(Optional.of("--compose"), CliSpelling.of("compose file"));
        assertEquals(Optional.empty(), CliSpelling.of("rules[1].keep"));
    }

    /** A literal field name in forField(...) that is not a RequestField would reach the faces unspelled. */
    @Test
    void everyFieldTheEngineNamesIsARequestField() throws IOException {
        Pattern literal = Pattern.compile("forField\\(\"([^\"\\[]+)\"");
        Set<String> unknown = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Path.of("src", "main", "java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher m = literal.matcher(Files.readString(file));
                while (m.find()) {
                    if (RequestField.named(m.group(1)).isEmpty()) {
                        unknown.add(m.group(1) + " (" + file.getFileName() + ")");
                    }
                }
            }
        }
        assertTrue(unknown.isEmpty(), "add to RequestField: " + unknown);
    }
}
