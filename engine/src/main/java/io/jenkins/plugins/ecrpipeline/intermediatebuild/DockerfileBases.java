package io.jenkins.plugins.ecrpipeline.intermediatebuild;

import io.jenkins.plugins.ecrpipeline.compose.ComposeException;
import io.jenkins.plugins.ecrpipeline.compose.SourceLocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The images a Dockerfile builds FROM, with the global {@code ARG}s (those before the first FROM) substituted from
 * their defaults and the build's arguments, as docker does. Stage names ({@code FROM ... AS builder}) are not images.
 * Written by hand: the only thing needed is FROM and ARG, which no Java library parses.
 */
final class DockerfileBases {
    private static final Pattern INSTRUCTION = Pattern.compile("(?i)^\\s*(FROM|ARG)\\s+(.*)$");
    private static final Pattern VARIABLE = Pattern.compile("\\$(?:\\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?}|([A-Za-z_][A-Za-z0-9_]*))");

    private DockerfileBases() {
    }

    static List<String> of(String dockerfile, Map<String, String> buildArgs) {
        List<String> lines = instructions(dockerfile);
        Map<String, String> globals = new HashMap<>();
        Set<String> stages = new HashSet<>();
        List<String> bases = new ArrayList<>();
        boolean seenFrom = false;
        for (String line : lines) {
            Matcher m = INSTRUCTION.matcher(line);
            if (!m.matches()) {
                continue;
            }
            String rest = m.group(2).trim();
            if (m.group(1).equalsIgnoreCase("ARG")) {
                if (!seenFrom) {
                    String[] nameValue = rest.split("=", 2);
                    String name = nameValue[0].trim();
                    String value = buildArgs.containsKey(name) ? buildArgs.get(name) : nameValue.length > 1 ? unquote(nameValue[1].trim()) : null;
                    if (value != null) {
                        globals.put(name, value);
                    }
                }
                continue;
            }
            seenFrom = true;
            List<String> words = new ArrayList<>(List.of(rest.split("\\s+")));
            words.removeIf(w -> w.startsWith("--"));
            if (words.isEmpty()) {
                continue;
            }
            String image = substitute(words.get(0), globals);
            // FROM an earlier stage is not an image.
            if (!stages.contains(image.toLowerCase(java.util.Locale.ROOT))) {
                bases.add(image);
            }
            if (words.size() >= 3 && words.get(1).equalsIgnoreCase("AS")) {
                stages.add(words.get(2).toLowerCase(java.util.Locale.ROOT));
            }
        }
        return bases;
    }

    /** The Dockerfile's instructions, one per line: continuations joined, comments dropped. */
    static List<String> instructions(String dockerfile) {
        try {
            return joinContinuations(Files.readAllLines(Path.of(dockerfile)));
        } catch (IOException e) {
            throw new ComposeException(new SourceLocation(dockerfile, 1), "cannot read the Dockerfile: " + e.getMessage());
        }
    }

    private static List<String> joinContinuations(List<String> raw) {
        List<String> lines = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : raw) {
            if (line.stripLeading().startsWith("#")) {
                continue;
            }
            if (line.endsWith("\\")) {
                current.append(line, 0, line.length() - 1).append(' ');
            } else {
                lines.add(current.append(line).toString());
                current.setLength(0);
            }
        }
        if (current.length() > 0) {
            lines.add(current.toString());
        }
        return lines;
    }

    private static String substitute(String text, Map<String, String> variables) {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(3);
            String value = variables.get(name);
            if (value == null || value.isEmpty() && m.group(0).contains(":-")) {
                value = m.group(2) != null ? m.group(2) : "";
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        return m.appendTail(out).toString();
    }

    private static String unquote(String value) {
        return value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"))
                ? value.substring(1, value.length() - 1) : value;
    }
}
