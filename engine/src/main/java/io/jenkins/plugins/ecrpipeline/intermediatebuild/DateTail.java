package io.jenkins.plugins.ecrpipeline.intermediatebuild;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The steps of a Dockerfile that a new build date runs again every night, however good the cache: in the stage that is
 * built, from the first step the date argument reaches (the first RUN after {@code ARG BUILD_DATE}, whose environment
 * holds it, or a COPY/ADD/WORKDIR that names it) to the end. Every step before them should come from the cache; a night
 * that ran more than these steps found a cache that no longer matches the Dockerfile, and refreshes it.
 *
 * <p>Only RUN, COPY and ADD are counted, the steps that surely have a BuildKit step number; an instruction that gets one
 * too (WORKDIR, in some versions) makes a night look as if it ran one step more than the tail, which refreshes the
 * cache needlessly but never leaves a stale one in place.
 *
 * @param stage the stage as BuildKit names it in its progress ({@code [stage N/M]}): empty for a single-stage
 *     Dockerfile, the {@code AS} name, else {@code stage-<index>}
 * @param steps how many RUN/COPY/ADD steps the date re-runs (0 when the stage has no date argument)
 */
record DateTail(String stage, int steps) implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Pattern INSTRUCTION = Pattern.compile("^\\s*([A-Za-z]+)\\s*(.*)$");

    /** For a Dockerfile that cannot be read here (it is checked elsewhere): no tail, so any executed step refreshes. */
    static final DateTail UNKNOWN = new DateTail("", 0);

    static DateTail of(String dockerfile, String target, String dateArg) {
        return of(DockerfileBases.instructions(dockerfile), target, dateArg);
    }

    static DateTail of(List<String> lines, String target, String dateArg) {
        List<List<String[]>> stages = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (String line : lines) {
            Matcher m = INSTRUCTION.matcher(line);
            if (!m.matches()) {
                continue;
            }
            String keyword = m.group(1).toUpperCase(Locale.ROOT);
            String rest = m.group(2).trim();
            if (keyword.equals("FROM")) {
                String[] words = rest.split("\\s+");
                String name = null;
                for (int i = 0; i + 1 < words.length; i++) {
                    if (words[i].equalsIgnoreCase("AS")) {
                        name = words[i + 1].toLowerCase(Locale.ROOT);
                    }
                }
                names.add(name);
                stages.add(new ArrayList<>());
            } else if (!stages.isEmpty()) {
                stages.get(stages.size() - 1).add(new String[] {keyword, rest});
            }
        }
        if (stages.isEmpty()) {
            return UNKNOWN;
        }
        int built = stages.size() - 1;
        if (target != null && !target.isBlank()) {
            int named = names.indexOf(target.toLowerCase(Locale.ROOT));
            built = named >= 0 ? named : built;
        }
        String stage = stages.size() == 1 ? "" : names.get(built) != null ? names.get(built) : "stage-" + built;
        return new DateTail(stage, dateArg == null ? 0 : tailSteps(stages.get(built), dateArg));
    }

    private static int tailSteps(List<String[]> instructions, String dateArg) {
        Pattern declares = Pattern.compile("^" + Pattern.quote(dateArg) + "(=.*)?$");
        Pattern names = Pattern.compile("\\$\\{?" + Pattern.quote(dateArg) + "\\b");
        boolean declared = false;
        boolean reached = false;
        int steps = 0;
        for (String[] instruction : instructions) {
            String keyword = instruction[0];
            if (keyword.equals("ARG") && declares.matcher(instruction[1]).matches()) {
                declared = true;
                continue;
            }
            boolean step = keyword.equals("RUN") || keyword.equals("COPY") || keyword.equals("ADD");
            if (declared && !reached) {
                reached = keyword.equals("RUN") || (step || keyword.equals("WORKDIR")) && names.matcher(instruction[1]).find();
            }
            if (reached && step) {
                steps++;
            }
        }
        return steps;
    }
}
