package io.jenkins.plugins.ecrpipeline.jenkins;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.Test;

/**
 * What the plugin says to people comes from {@code Messages.properties}: no sentence is written in the plugin's Java
 * sources (engine messages pass through them as values), and every message there is used.
 */
public class MessagesTest {
    private static final Path SOURCES = Path.of("src/main/java/io/jenkins/plugins/ecrpipeline/jenkins");
    private static final Pattern STRING_LITERAL = Pattern.compile("\"((?:[^\"\\\\\\n]|\\\\.)*)\"");
    /** Two words with a space between: a sentence or a label, not an identifier, a path, a unit or a format. */
    private static final Pattern WORDS = Pattern.compile("[A-Za-z]{2,}\\s+[A-Za-z]{2,}");

    @Test
    public void noSentenceIsWrittenInTheSources() throws IOException {
        List<String> offenders = new ArrayList<>();
        for (Path file : sources()) {
            int number = 0;
            for (String line : Files.readAllLines(file)) {
                number++;
                String code = line.strip();
                // Comments, and the developers' own log (java.util.logging, read in the system log, not by users).
                if (code.startsWith("*") || code.startsWith("/*") || code.startsWith("//") || code.contains("LOGGER.")) {
                    continue;
                }
                Matcher literal = STRING_LITERAL.matcher(code);
                while (literal.find()) {
                    String text = literal.group(1);
                    // SVG markup is not text (its titles come from Messages); the engine's field names are names.
                    // The engine's field names and each step's spelling of them are names, not text to translate.
                    if (!text.contains("<") && !Util.engineFields().contains(text) && !stepSpellings().contains(text) && WORDS.matcher(text).find()) {
                        offenders.add(file.getFileName() + ":" + number + ": \"" + text + "\"");
                    }
                }
            }
        }
        assertEquals(List.of(), offenders);
    }

    @Test
    public void everyMessageIsUsed() throws IOException {
        Properties messages = new Properties();
        try (InputStream in = MessagesTest.class.getResourceAsStream("Messages.properties")) {
            messages.load(in);
        }
        StringBuilder all = new StringBuilder();
        for (Path file : sources()) {
            all.append(Files.readString(file));
        }
        assertTrue(messages.size() > 40);
        List<String> unused = new ArrayList<>();
        for (String key : messages.stringPropertyNames()) {
            if (!all.toString().contains("Messages." + key.replace('.', '_') + "(") && !all.toString().contains("Messages::" + key.replace('.', '_'))) {
                unused.add(key);
            }
        }
        assertEquals(List.of(), unused);
    }

    private static java.util.Set<String> stepSpellings() {
        return StepSpelling.PARAMETERS.values().stream().flatMap(java.util.Optional::stream).collect(java.util.stream.Collectors.toSet());
    }

    private static List<Path> sources() throws IOException {
        try (Stream<Path> files = Files.list(SOURCES)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        }
    }
}
