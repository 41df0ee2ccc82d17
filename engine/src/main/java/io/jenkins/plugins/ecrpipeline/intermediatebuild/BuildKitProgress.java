package io.jenkins.plugins.ecrpipeline.intermediatebuild;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What BuildKit's plain progress output says about one build: which Dockerfile steps came from the cache and which
 * ran, and whether a cache import worked. Fed line by line while the build prints ({@code #5 [2/5] RUN ...},
 * {@code #5 CACHED}, {@code #9 importing cache manifest from REF}, {@code #9 ERROR: ...}); read once it has ended.
 */
final class BuildKitProgress implements Consumer<String> {
    /** {@code #5 [stage 2/5] RUN ...}: BuildKit pads the step number ({@code [ 2/12]}) and may prefix a platform. */
    private static final Pattern STEP = Pattern.compile("^#(\\d+) \\[([^\\]]*?)\\s*(\\d+)/(\\d+)\\] (\\S+)(.*)$");
    private static final Pattern IMPORT = Pattern.compile("^#(\\d+) importing cache manifest from (\\S+)$");
    private static final Pattern CACHED = Pattern.compile("^#(\\d+) CACHED$");
    private static final Pattern ERROR = Pattern.compile("^#(\\d+) ERROR\\b.*$");
    /** The image exporter's line ({@code #11 writing image sha256:... done}), from BuildKit in docker 20.10 and buildx. */
    private static final Pattern IMAGE = Pattern.compile("^#\\d+ writing image (sha256:[0-9a-f]{64})\\b.*$");

    /** One numbered Dockerfile step. */
    record Step(String stage, int number, String instruction) {
        @Override
        public String toString() {
            return "[" + (stage.isEmpty() ? "" : stage + " ") + number + "] " + instruction;
        }
    }

    private final Map<String, Step> steps = new LinkedHashMap<>();
    private final Map<String, String> imports = new LinkedHashMap<>();
    private final Set<String> cached = new HashSet<>();
    private final Set<String> failed = new HashSet<>();
    private String imageId;

    @Override
    public synchronized void accept(String line) {
        Matcher m = STEP.matcher(line);
        if (m.matches()) {
            String[] words = m.group(2).trim().split("\\s+");
            // The word before the number is the stage; a platform (linux/amd64) has a slash and is not one.
            String stage = words.length == 0 || words[words.length - 1].contains("/") ? "" : words[words.length - 1];
            String text = m.group(5) + m.group(6);
            steps.putIfAbsent(m.group(1), new Step(stage, Integer.parseInt(m.group(3)), text.length() > 80 ? text.substring(0, 77) + "..." : text));
            return;
        }
        if ((m = IMPORT.matcher(line)).matches()) {
            imports.putIfAbsent(m.group(1), m.group(2));
        } else if ((m = CACHED.matcher(line)).matches()) {
            cached.add(m.group(1));
        } else if ((m = ERROR.matcher(line)).matches()) {
            failed.add(m.group(1));
        } else if ((m = IMAGE.matcher(line)).matches()) {
            imageId = m.group(1);
        }
    }

    /** The ID of the image the build wrote, or null when its output did not say (another exporter, a failed build). */
    synchronized String imageId() {
        return imageId;
    }

    /** Whether the build imported cache from this image (an import that failed, say for a missing tag, is not one). */
    synchronized boolean imported(String image) {
        return imports.entrySet().stream().anyMatch(e -> e.getValue().equals(image) && !failed.contains(e.getKey()));
    }

    /** The steps that came from a cache, local or imported (FROM not counted). */
    synchronized int cachedSteps() {
        return (int) steps.entrySet().stream().filter(e -> cached.contains(e.getKey()) && !isFrom(e.getValue())).count();
    }

    private static boolean isFrom(Step step) {
        return step.instruction().regionMatches(true, 0, "FROM ", 0, 5);
    }

    /** The steps that ran, in the order BuildKit announced them; FROM is not a step that runs anything. */
    synchronized List<Step> executedSteps() {
        List<Step> ran = new ArrayList<>();
        steps.forEach((id, step) -> {
            if (!cached.contains(id) && !isFrom(step)) {
                ran.add(step);
            }
        });
        return ran;
    }
}
