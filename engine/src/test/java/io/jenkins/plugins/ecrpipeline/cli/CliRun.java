package io.jenkins.plugins.ecrpipeline.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.jenkins.plugins.ecrpipeline.process.CommandRunner;
import io.jenkins.plugins.ecrpipeline.process.LocalCommandRunner;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.Map;

/** One in-process run of the CLI with a chosen environment, and what it printed. */
record CliRun(int exitCode, String out, String err) {
    static CliRun run(Map<String, String> environment, String... args) {
        return run(environment, new LocalCommandRunner(environment), args);
    }

    static CliRun run(Map<String, String> environment, CommandRunner runner, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliContext context = new CliContext(environment, new PrintWriter(out, true), new PrintWriter(err, true),
                runner, Clock.systemUTC());
        int code = Main.commandLine(context, args).execute(args);
        CliRun run = new CliRun(code, out.toString(), err.toString());
        assertFalse(run.err().contains("\tat ") || run.err().contains("Exception"),
                "errors are messages, not stack traces:\n" + run.err());
        return run;
    }
}
