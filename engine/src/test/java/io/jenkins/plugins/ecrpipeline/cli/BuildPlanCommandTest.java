package io.jenkins.plugins.ecrpipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code build --plan}: what would be built, as a table or JSON, without docker or AWS. */
class BuildPlanCommandTest {
    @TempDir
    Path dir;

    private Path project() throws Exception {
        for (String name : new String[] {"web-production", "reports-production-worker", "web-development"}) {
            Files.createDirectories(dir.resolve(name));
            Files.writeString(dir.resolve(name).resolve("Dockerfile"), "FROM scratch\n");
        }
        Path file = dir.resolve("docker-compose.yml");
        Files.writeString(file, """
                services:
                  web-production: {build: ./web-production}
                  reports-production-worker: {build: ./reports-production-worker, image: team/reports}
                  web-development: {build: ./web-development}
                """);
        return file;
    }

    @Test
    void printsThePlanAsATableWithoutRunningDocker() throws Exception {
        CliRun run = CliRun.run(Map.of(), "build", "--compose", project().toString(), "--pattern", "-(production|qa)",
                "--registry", "127.0.0.1:5000", "--build-date", "20261125030000", "--parallel", "2", "--docker", "/nonexistent/docker", "--plan");

        assertEquals(0, run.exitCode(), run.err());
        assertEquals("""
                ORDER  SERVICE                    IMAGE                                       ALSO TAGGED            SMOKE TEST  BUILD ARGS
                1      web-production             127.0.0.1:5000/web-production:intermediate  intermediate-20261125  -           BUILD_DATE=20261125030000
                1      reports-production-worker  127.0.0.1:5000/team/reports:intermediate    intermediate-20261125  -           BUILD_DATE=20261125030000
                """, run.out().lines().limit(3).map(l -> l + "\n").reduce("", String::concat));
        assertTrue(run.out().contains("2 service(s) from " + dir.resolve("docker-compose.yml") + ", up to 2 at a time (as asked), BUILD_DATE=20261125030000"),
                run.out());
    }

    @Test
    void printsThePlanAsJson() throws Exception {
        CliRun run = CliRun.run(Map.of(), "build", "--compose", project().toString(), "--services", "web-development", "--no-push",
                "--build-arg", "A=1", "--build-date", "20261125030000", "--plan=json");

        assertEquals(0, run.exitCode(), run.err());
        JsonNode plan = new ObjectMapper().readTree(run.out());
        JsonNode target = plan.get("targets").get(0);
        assertEquals("web-development", target.get("service").asText());
        assertEquals("web-development", target.get("image").get("repository").asText());
        assertEquals("1", target.get("buildArgs").get("A").asText());
        assertEquals(dir.resolve("web-development").toString(), target.get("spec").get("context").asText());
        assertEquals(false, plan.get("request").get("push").asBoolean());
    }

    @Test
    void promoteAndDeployAreCommands() {
        for (String command : new String[] {"promote", "deploy"}) {
            CliRun run = CliRun.run(Map.of(), command, "--help");
            assertEquals(0, run.exitCode(), run.err());
            assertTrue(run.out().startsWith("Usage: ecr-image-pipeline " + command), run.out());
        }
    }

    @Test
    void aRunThatNamesItsCommandModelsThatCommandAloneAndAnyOtherStartModelsThemAll() {
        CliContext context = new CliContext(Map.of(), new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), null,
                Clock.systemUTC());
        assertEquals(List.of("build"), List.copyOf(Main.commandLine(context, "build", "--plan").getSubcommands().keySet()));
        List<String> all = List.of("build", "login", "whoami", "exec", "promote", "deploy", "cleanup", "help");
        for (String[] start : List.of(new String[0], new String[] {"--help"}, new String[] {"help", "build"}, new String[] {"rollback"})) {
            assertEquals(all, List.copyOf(Main.commandLine(context, start).getSubcommands().keySet()), String.join(" ", start));
        }
    }

    @Test
    void anUnknownCommandIsAnErrorWhateverFollowsIt() {
        CliRun run = CliRun.run(Map.of(), "rollback", "--help");
        assertEquals(2, run.exitCode(), run.out());
        assertTrue(run.err().contains("unknown command 'rollback'. Commands: build, login, whoami, exec, promote, deploy"), run.err());
    }
}
