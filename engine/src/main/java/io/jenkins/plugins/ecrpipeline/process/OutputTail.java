package io.jenkins.plugins.ecrpipeline.process;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** The last lines a process printed, kept to explain a failure ({@link CommandResult#tail()}); safe across threads. */
public final class OutputTail {
    private static final int LINES = 20;

    private final Deque<String> lines = new ArrayDeque<>();

    public synchronized void add(String line) {
        if (lines.size() == LINES) {
            lines.removeFirst();
        }
        lines.addLast(line);
    }

    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }
}
