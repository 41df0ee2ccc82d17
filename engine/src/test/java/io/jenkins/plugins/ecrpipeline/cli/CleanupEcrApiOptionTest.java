package io.jenkins.plugins.ecrpipeline.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code --ecr-api} names what cleanup does with ECR; scripts that say {@code --ecr-login} keep working. */
class CleanupEcrApiOptionTest {
    private static CleanupCommand parse(String... args) {
        CliContext context = new CliContext(Map.of(), new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), null,
                Clock.systemUTC());
        return (CleanupCommand) Main.commandLine(context).parseArgs(args).subcommand().commandSpec().userObject();
    }

    @Test
    void theNewAndTheOldNameBothSelectEcrsApi() {
        assertTrue(parse("cleanup", "--ecr-api", "--repository", "web").ecrApi);
        assertTrue(parse("cleanup", "--ecr-login", "--repository", "web").ecrApi);
        assertFalse(parse("cleanup", "--registry", "localhost:5000", "--repository", "web").ecrApi);
    }
}
