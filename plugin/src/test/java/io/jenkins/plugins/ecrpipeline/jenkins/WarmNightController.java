package io.jenkins.plugins.ecrpipeline.jenkins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The Jenkins contender of {@code bench/nightly/warm} ({@code ours-jenkins}): a real controller with our plugin and one
 * real agent, kept up for the whole benchmark so that every night runs on a warm agent, as the CLI's nights do.
 * Not a test (no test runner picks it up); the script starts it with the plugin's test class path.
 *
 * <pre>java ... WarmNightController DIR PROJECT REGISTRY PREFIX</pre>
 *
 * DIR holds the controller's home and the agent's work directory; the agent gets this process's environment (the
 * script puts the local stack's docker and its config there). One Pipeline job, {@code night}, runs
 * {@code intermediateBuild} on the agent in the compose project PROJECT, pushing to REGISTRY under the repository
 * prefix PREFIX. Protocol, one line each way: it prints {@code ready URL} once up; for each {@code night LOGBASE} on
 * stdin it triggers a build, waits for its end, writes the console to {@code LOGBASE.console} and the archived
 * report to {@code LOGBASE.json}, and prints one {@code done ...} line (or {@code failed ...}). End of stdin stops
 * Jenkins. Everything else goes to stderr, so stdout stays the protocol.
 */
public final class WarmNightController {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JOB = "night";
    // Fine enough to see Jenkins' own overhead; the requests are small (a tree filter) and cost the controller little.
    private static final long POLL_MILLIS = 100;

    private WarmNightController() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: WarmNightController DIR PROJECT REGISTRY PREFIX");
            System.exit(2);
        }
        Path dir = Path.of(args[0]).toAbsolutePath();
        Path project = Path.of(args[1]).toAbsolutePath();
        String registry = args[2];
        String prefix = args[3];
        PrintStream protocol = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err);

        JenkinsController jenkins = JenkinsController.start(Files.createDirectories(dir.resolve("home")));
        // A killed script (or Ctrl-C) must not leave a controller and an agent behind.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                jenkins.close();
            } catch (Exception e) {
                System.err.println("stopping Jenkins: " + e);
            }
        }));
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.put("HOME", Files.createDirectories(dir.resolve("agent-home")).toString());
        jenkins.startAgent("bench", "bench", dir.resolve("agent"), environment);
        // The same call as the CLI contender's: the project's compose file, the registry, tag intermediate, host
        // network, the report; the step has no build-date parameter: it dates the night with the clock, a new value
        // every night, so the cheap layer after ARG BUILD_DATE reruns as for the others.
        jenkins.createPipelineJob(JOB, """
                node('bench') {
                  dir('%s') {
                    withEnv(['BENCH_IMAGE_PREFIX=%s']) {
                      intermediateBuild(compose: 'docker-compose.yml', registry: '%s', tag: 'intermediate', network: 'host')
                    }
                  }
                }
                """.formatted(project, prefix, registry));
        protocol.println("ready " + jenkins.url);

        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = commands.readLine()) != null; ) {
            if (!line.startsWith("night ")) {
                protocol.println("failed unknown command: " + line);
                continue;
            }
            try {
                protocol.println(night(jenkins, Path.of(line.substring("night ".length()).strip())));
            } catch (Exception e) {
                protocol.println("failed " + e.toString().replace('\n', ' '));
            }
        }
    }

    /** One night: trigger, wait, then keep the console and the report; the answer says how long Jenkins took. */
    private static String night(JenkinsController jenkins, Path logBase) throws Exception {
        long triggered = System.nanoTime();
        HttpResponse<String> response = jenkins.post("job/" + JOB + "/build?delay=0sec", null, "");
        if (response.statusCode() != 201) {
            throw new IllegalStateException("build answered " + response.statusCode() + ": " + response.body());
        }
        URI queueItem = URI.create(response.headers().firstValue("Location").orElseThrow());
        String queuePath = jenkins.url.relativize(queueItem).getPath() + "api/json?tree=executable[number],cancelled";
        int number = -1;
        while (number < 0) {
            JsonNode item = JSON.readTree(jenkins.get(queuePath).body());
            if (item.hasNonNull("executable")) {
                number = item.get("executable").get("number").asInt();
            } else if (item.path("cancelled").asBoolean()) {
                throw new IllegalStateException("the build was cancelled in the queue");
            } else {
                Thread.sleep(POLL_MILLIS);
            }
        }
        String buildPath = "job/" + JOB + "/" + number + "/";
        JsonNode build;
        while (true) {
            build = JSON.readTree(jenkins.get(buildPath + "api/json?tree=building,result,timestamp,duration").body());
            if (!build.get("building").asBoolean() && build.hasNonNull("result")) {
                break;
            }
            Thread.sleep(POLL_MILLIS);
        }
        long finished = System.nanoTime();
        String result = build.get("result").asText();
        Files.writeString(Path.of(logBase + ".console"), jenkins.console(JOB, number));
        HttpResponse<String> report = jenkins.get(buildPath + "artifact/ecr-image-pipeline-report.json");
        if (report.statusCode() == 200) {
            Files.writeString(Path.of(logBase + ".json"), report.body());
        }
        // Jenkins' own view: the build's start (it left the queue) and its duration, next to the wall time seen here.
        return String.format(Locale.ROOT, "%s %s #%d: %.2f s from the trigger to the end seen by polling; Jenkins: build duration %.2f s",
                result.equals("SUCCESS") ? "done" : "failed", result, number, (finished - triggered) / 1e9,
                build.get("duration").asLong() / 1e3);
    }
}
