package io.jenkins.plugins.ecrpipeline.cli;

import io.jenkins.plugins.ecrpipeline.cleanup.CleanupPolicy;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.Map;
import picocli.CommandLine;

/**
 * The policy {@code cleanup} makes of its flags, without running it: public so that the plugin's tests can hold the
 * {@code ecrCleanup} step's mapping against the CLI's (the engine's test-jar is on their classpath).
 */
public final class CleanupCommandPolicies {
    private CleanupCommandPolicies() {
    }

    /** @param flags the flags after {@code cleanup}, e.g. {@code --repository web --untagged-older-than 14d} */
    public static CleanupPolicy policyOf(String... flags) {
        CliContext context = new CliContext(Map.of(), new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), null,
                Clock.systemUTC());
        String[] args = new String[flags.length + 1];
        args[0] = "cleanup";
        System.arraycopy(flags, 0, args, 1, flags.length);
        CommandLine.ParseResult parsed = Main.commandLine(context).parseArgs(args);
        return ((CleanupCommand) parsed.subcommand().commandSpec().userObject()).policy();
    }
}
