package io.jenkins.plugins.ecrpipeline.intermediatebuild;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OCI annotations a registry UI and a deploy read: when the image was made, from which commit and repository.
 * The commit and repository come from the build's variables (GIT_COMMIT, GIT_URL, as Jenkins' git plugin sets them),
 * else from the checkout's {@code .git} directory, read as files, so no git client is needed on the agent.
 */
final class OciLabels {
    static final String CREATED = "org.opencontainers.image.created";
    static final String REVISION = "org.opencontainers.image.revision";
    static final String SOURCE = "org.opencontainers.image.source";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    private static final Pattern REMOTE_ORIGIN = Pattern.compile("\\[remote \"origin\"]([^\\[]*)", Pattern.DOTALL);
    private static final Pattern URL = Pattern.compile("^\\s*url\\s*=\\s*(\\S+)", Pattern.MULTILINE);
    private static final Pattern HEX_COMMIT = Pattern.compile("[0-9a-f]{40}([0-9a-f]{24})?");

    private OciLabels() {
    }

    static Map<String, String> of(String stamp, Map<String, String> environment, Path projectDir) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(CREATED, LocalDateTime.parse(stamp, STAMP).atOffset(ZoneOffset.UTC).toInstant().toString());
        Optional<Path> gitDir = gitDir(projectDir);
        Optional.ofNullable(environment.get("GIT_COMMIT")).filter(c -> HEX_COMMIT.matcher(c).matches())
                .or(() -> gitDir.flatMap(OciLabels::headCommit))
                .ifPresent(c -> labels.put(REVISION, c));
        Optional.ofNullable(environment.get("GIT_URL")).filter(u -> !u.isBlank())
                .or(() -> gitDir.flatMap(OciLabels::originUrl))
                .map(OciLabels::withoutUserInfo)
                .ifPresent(u -> labels.put(SOURCE, u));
        return labels;
    }

    /** A clone URL may carry a user and token (https://user:token@host/...); a label is public, so they go. */
    static String withoutUserInfo(String url) {
        return url.replaceFirst("^([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@]*@", "$1");
    }

    private static Optional<Path> gitDir(Path start) {
        for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve(".git"))) {
                return Optional.of(dir.resolve(".git"));
            }
        }
        return Optional.empty();
    }

    private static Optional<String> headCommit(Path gitDir) {
        try {
            String head = Files.readString(gitDir.resolve("HEAD"), StandardCharsets.UTF_8).strip();
            if (!head.startsWith("ref: ")) {
                return Optional.of(head).filter(h -> HEX_COMMIT.matcher(h).matches());
            }
            String ref = head.substring(5).strip();
            Path loose = gitDir.resolve(ref);
            if (Files.isRegularFile(loose)) {
                return Optional.of(Files.readString(loose, StandardCharsets.UTF_8).strip()).filter(h -> HEX_COMMIT.matcher(h).matches());
            }
            Path packed = gitDir.resolve("packed-refs");
            if (Files.isRegularFile(packed)) {
                for (String line : Files.readAllLines(packed, StandardCharsets.UTF_8)) {
                    if (line.endsWith(" " + ref)) {
                        return Optional.of(line.substring(0, line.indexOf(' ')));
                    }
                }
            }
        } catch (IOException e) {
            // An unreadable checkout has no revision label; the build itself does not depend on it.
        }
        return Optional.empty();
    }

    private static Optional<String> originUrl(Path gitDir) {
        try {
            Matcher section = REMOTE_ORIGIN.matcher(Files.readString(gitDir.resolve("config"), StandardCharsets.UTF_8));
            if (section.find()) {
                Matcher url = URL.matcher(section.group(1));
                if (url.find()) {
                    return Optional.of(url.group(1));
                }
            }
        } catch (IOException e) {
            // As above: no source label.
        }
        return Optional.empty();
    }
}
