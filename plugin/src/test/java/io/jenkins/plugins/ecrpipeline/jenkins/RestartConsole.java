package io.jenkins.plugins.ecrpipeline.jenkins;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Reads the console of a build that went on across a controller restart. */
final class RestartConsole {
    /**
     * What durable-task's {@code sh} prints when its poll of the agent meets the controller shutting down. Jenkins writes
     * it, not this plugin, and only while the controller goes down; the build goes on once the agent is back.
     */
    private static final Pattern AGENT_LOST_IN_SHUTDOWN =
            Pattern.compile("Cannot contact [^:\\s]+: hudson\\.remoting\\.ChannelClosedException: .*");

    private static final String RESUMED = "Resuming build at ";

    private RestartConsole() {
    }

    /**
     * The console's lines naming an exception, leaving out only Jenkins' own lost-agent line before the build resumed:
     * the same line after the resume, or any other exception, is still reported.
     */
    static List<String> exceptionLines(String console) {
        List<String> found = new ArrayList<>();
        boolean resumed = false;
        for (String line : console.split("\\R")) {
            resumed |= line.startsWith(RESUMED);
            boolean jenkinsShutdownNoise = !resumed && AGENT_LOST_IN_SHUTDOWN.matcher(line).matches();
            if (line.contains("Exception") && !jenkinsShutdownNoise) {
                found.add(line);
            }
        }
        return List.copyOf(found);
    }
}
