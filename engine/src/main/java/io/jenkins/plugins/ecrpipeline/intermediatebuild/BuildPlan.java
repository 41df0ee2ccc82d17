package io.jenkins.plugins.ecrpipeline.intermediatebuild;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.jenkins.plugins.ecrpipeline.report.TextTable;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a nightly build will do, decided before any docker command runs: the services in build order, their images
 * and build arguments, the build date and how many build at once. It is made where the compose file is (in Jenkins,
 * on the agent) and carried out by {@link IntermediateBuild#run(BuildPlan, io.jenkins.plugins.ecrpipeline.process.Host,
 * java.util.Optional)}.
 *
 * @param settings the run-wide choices taken from the request (in the plan's JSON under {@code request}, the name scripts
 *     reading {@code --plan=json} know)
 * @param composeFile the compose file's absolute path
 * @param targets the services to build, in order
 * @param buildDate the build date passed to every build, or null
 * @param parallelism how many services build at once
 * @param parallelismReason why that many (asked for, or the default and its memory guard)
 * @param registryFromLogin whether the images go to the ECR registry that the run logs in to (their registry is
 *     filled in then)
 */
public record BuildPlan(@JsonProperty("request") RunSettings settings, String composeFile, List<BuildTarget> targets, String buildDate,
        int parallelism, String parallelismReason, boolean registryFromLogin) implements Serializable {
    private static final long serialVersionUID = 1L;

    public BuildPlan {
        targets = List.copyOf(targets);
    }

    /** The same plan with every image going to {@code registry} (the ECR registry just logged in to). */
    BuildPlan withLoginRegistry(String registry) {
        return new BuildPlan(settings, composeFile, targets.stream().map(t -> t.withRegistry(registry)).toList(), buildDate, parallelism,
                parallelismReason, false);
    }

    /** The registries the images go to, each once, in plan order (a run that pushes has one for every image). */
    List<String> registries() {
        return targets.stream().map(t -> t.image().registry()).filter(java.util.Objects::nonNull).distinct().toList();
    }

    /** The plan as a table a person reads: order (services of one order build in parallel), service, image, build arguments. */
    public List<String> table() {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ORDER", "SERVICE", "IMAGE", "ALSO TAGGED", "SMOKE TEST", "BUILD ARGS"});
        for (BuildTarget target : targets) {
            String image = registryFromLogin ? "<ECR registry>/" + target.image() : target.image().toString();
            String order = target.level() + (target.dependsOn().isEmpty() ? "" : " (after " + String.join(", ", target.dependsOn()) + ")");
            rows.add(new String[] {order, target.service(), image, target.extraTags().isEmpty() ? "-" : String.join(" ", target.extraTags()),
                    target.smokeTest() == null ? "-" : target.smokeTest(), formatArgs(target.buildArgs())});
        }
        List<String> lines = new ArrayList<>(TextTable.render(rows));
        lines.add(targets.size() + " service(s) from " + composeFile + (settings.shard() != null ? ", shard " + settings.shard() : "")
                + ", up to " + parallelism + " at a time (" + parallelismReason + ")"
                + (buildDate != null ? ", " + settings.buildDateArg() + "=" + buildDate : "") + (settings.push() ? "" : ", without pushing"));
        return lines;
    }

    private static String formatArgs(Map<String, String> args) {
        return args.isEmpty() ? "-" : args.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
    }
}
