package io.jenkins.plugins.ecrpipeline.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvironmentFileTest {
    @TempDir
    Path dir;

    @Test
    void readsCommentsExportsQuotesAndInlineComments() throws Exception {
        Path file = dir.resolve(".env");
        Files.writeString(file, """
                # comment

                PLAIN=value
                export EXPORTED=yes
                SINGLE='it''s literal $HOME'
                DOUBLE="two\\nlines"
                INLINE=value # a comment
                EMPTY=
                """);
        assertEquals(Map.of("PLAIN", "value", "EXPORTED", "yes", "SINGLE", "it''s literal $HOME", "DOUBLE", "two\nlines",
                "INLINE", "value", "EMPTY", ""), EnvironmentFile.read(file));
    }

    @Test
    void missingFileIsEmpty() {
        assertEquals(Map.of(), EnvironmentFile.read(dir.resolve(".env")));
    }

    @Test
    void lineWithoutEqualsIsAnErrorWithItsLine() throws Exception {
        Path file = dir.resolve(".env");
        Files.writeString(file, "A=1\nthis is not a setting\n");
        ComposeException e = assertThrows(ComposeException.class, () -> EnvironmentFile.read(file));
        assertEquals(file + ":2: expected KEY=VALUE, found 'this is not a setting'. Fix the line or comment it out with #.", e.getMessage());
    }
}
