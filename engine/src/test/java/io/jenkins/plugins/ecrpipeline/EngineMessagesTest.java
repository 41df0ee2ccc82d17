package io.jenkins.plugins.ecrpipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.ecrpipeline.cli.CliContext;
import io.jenkins.plugins.ecrpipeline.cli.Main;
import io.jenkins.plugins.ecrpipeline.process.LocalCommandRunner;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Engine messages name fields ({@code registry}, {@code compose file}, {@code region}), never a CLI flag: a
 * Jenkinsfile author who wrote {@code registry:} must not be told about {@code --registry}. Each face adds its own
 * spelling. Checked over every string literal of the engine's sources outside the {@code cli} package.
 */
class EngineMessagesTest {
    private static final Path ENGINE_SOURCES = Path.of("src/main/java/io/jenkins/plugins/ecrpipeline");
    private static final Pattern STRING_LITERAL = Pattern.compile("\"((?:[^\"\\\\\\n]|\\\\.)*)\"");

    /** Every long option of every CLI command, from picocli's own model of the command line. */
    private static Set<String> cliFlags() {
        CliContext context = new CliContext(Map.of(), new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                new LocalCommandRunner(Map.of()), Clock.systemUTC());
        Set<String> flags = new TreeSet<>();
        for (CommandLine command : Main.commandLine(context).getSubcommands().values()) {
            command.getCommandSpec().options().forEach(option -> {
                for (String name : option.names()) {
                    if (name.startsWith("--") && !name.equals("--help") && !name.equals("--version")) {
                        flags.add(name);
                    }
                }
            });
        }
        return flags;
    }

    @Test
    void noEngineMessageNamesACliFlag() throws IOException {
        Set<String> flags = cliFlags();
        assertTrue(flags.containsAll(List.of("--registry", "--compose", "--region", "--report")), flags.toString());
        List<String> offenders = new ArrayList<>();
        try (Stream<Path> files = Files.walk(ENGINE_SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java") && !f.startsWith(ENGINE_SOURCES.resolve("cli"))).toList()) {
                Matcher literal = STRING_LITERAL.matcher(Files.readString(file));
                while (literal.find()) {
                    String text = literal.group(1);
                    // A single token ("--tag") is a docker argument; a message has words around the flag.
                    if (!text.contains(" ")) {
                        continue;
                    }
                    for (String flag : flags) {
                        if (Pattern.compile("(?<![\\w-])" + Pattern.quote(flag) + "(?![\\w-])").matcher(text).find()) {
                            offenders.add(ENGINE_SOURCES.relativize(file) + ": " + flag + " in \"" + text + "\"");
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), offenders);
    }
}
