package io.jenkins.plugins.ecrpipeline.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code --ecr-api} names what promote does with ECR (no docker login); scripts that say {@code --ecr-login} keep working. */
class PromoteEcrApiOptionTest {
    private static final String IMAGE = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:intermediate";

    private static CommandLine cli() {
        return Main.commandLine(new CliContext(Map.of(), new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), null,
                Clock.systemUTC()));
    }

    private static PromoteCommand parse(String... args) {
        return (PromoteCommand) cli().parseArgs(args).subcommand().commandSpec().userObject();
    }

    @Test
    void theNewAndTheOldNameBothSelectEcrsApi() {
        assertTrue(parse("promote", "--ecr-api", "--image", IMAGE, "--to", "production").ecrApi);
        assertTrue(parse("promote", "--ecr-login", "--image", IMAGE, "--to", "production").ecrApi);
        assertFalse(parse("promote", "--image", IMAGE, "--to", "production").ecrApi);
    }

    @Test
    void theHelpNamesTheNewNameFirstAndTheOldOneAsDeprecated() {
        // Words, not picocli's line breaks.
        String help = cli().getSubcommands().get("promote").getUsageMessage(CommandLine.Help.Ansi.OFF).replaceAll("\\s+", " ");
        assertTrue(help.contains("--ecr-api, --ecr-login"), help);
        assertTrue(help.contains("--ecr-login is the old, deprecated name"), help);
        assertFalse(help.contains("promote --ecr-login"), "the examples use the new name:\n" + help);
    }
}
