package io.jenkins.plugins.ecrpipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input ends with exit code 2 and one message that says what, where and how to fix it. */
class BadInputTest {
    @TempDir
    Path dir;

    private Path compose(String yaml) throws IOException {
        Path file = dir.resolve("docker-compose.yml");
        Files.writeString(file, yaml);
        return file;
    }

    private Path context(String name) throws IOException {
        Path context = Files.createDirectories(dir.resolve(name));
        Files.writeString(context.resolve("Dockerfile"), "FROM local/busybox:latest\n");
        return context;
    }

    private static CliRun build(Path composeFile, String... more) {
        String[] args = new String[3 + more.length];
        args[0] = "build";
        args[1] = "--compose";
        args[2] = composeFile.toString();
        System.arraycopy(more, 0, args, 3, more.length);
        return CliRun.run(Map.of(), args);
    }

    private static void assertInvalid(CliRun run, String... fragments) {
        assertEquals(2, run.exitCode(), "exit code for invalid input; stderr:\n" + run.err());
        for (String fragment : fragments) {
            assertTrue(run.err().contains(fragment), "stderr should contain '" + fragment + "':\n" + run.err());
        }
    }

    @Test
    void missingComposeFileSaysWhichFileAndHowToPointAtAnother() {
        Path missing = dir.resolve("nowhere/docker-compose.yml");
        assertInvalid(build(missing), "compose file not found: " + missing, "(option --compose)");
    }

    @Test
    void yamlSyntaxErrorNamesTheFileAndLine() throws IOException {
        Path file = compose("""
                services:
                  web:
                    build: ./web
                   image: broken-indentation
                """);
        assertInvalid(build(file), file + ":4: YAML syntax error");
    }

    @Test
    void unknownServiceListsTheServicesThatExist() throws IOException {
        context("web");
        context("worker");
        Path file = compose("""
                services:
                  web:
                    build: ./web
                  worker:
                    build: ./worker
                  db:
                    image: postgres
                """);
        assertInvalid(build(file, "--services", "web,wbe"), "unknown service \"wbe\"", "web, worker", "others: db");
    }

    @Test
    void serviceWithoutBuildSectionCannotBeSelected() throws IOException {
        context("web");
        Path file = compose("services:\n  web:\n    build: ./web\n  db:\n    image: postgres\n");
        assertInvalid(build(file, "--services", "db"), file + ":5", "service \"db\" has no build section");
    }

    @Test
    void patternThatMatchesNothingListsBuildableServices() throws IOException {
        context("web");
        Path file = compose("services:\n  web-staging:\n    build: ./web\n");
        assertInvalid(build(file, "--pattern", "-(production|qa)$"), "matches the pattern '-(production|qa)$'", "web-staging");
    }

    @Test
    void invalidPatternIsExplained() throws IOException {
        context("web");
        Path file = compose("services:\n  web:\n    build: ./web\n");
        assertInvalid(build(file, "--pattern", "-(production|qa$"), "invalid service pattern", "Example:");
    }

    @Test
    void extendsCycleNamesEveryServiceInIt() throws IOException {
        Path file = compose("""
                services:
                  a:
                    extends: b
                  b:
                    extends:
                      service: c
                  c:
                    extends: a
                    build: .
                """);
        assertInvalid(build(file), "extends cycle: \"a\" (docker-compose.yml) extends \"b\" (docker-compose.yml) extends \"c\" "
                + "(docker-compose.yml) extends \"a\"");
    }

    @Test
    void extendsOfUnknownServiceListsTheCandidates() throws IOException {
        Path file = compose("services:\n  web:\n    extends: bsae\n  base:\n    build: .\n");
        assertInvalid(build(file), file + ":3", "extends \"bsae\", which is not defined", "Services there: web, base");
    }

    @Test
    void unsetRequiredVariableShowsTheMessageAndWhereItIsUsed() throws IOException {
        context("web");
        Path file = compose("""
                services:
                  web:
                    build: ./web
                    image: "${ECR_REGISTRY?set ECR_REGISTRY to your ECR registry}/web"
                """);
        assertInvalid(build(file), file + ":4", "required variable ECR_REGISTRY is not set",
                "set ECR_REGISTRY to your ECR registry", "service \"web\" image");
    }

    @Test
    void requiredVariableFromDotEnvIsAccepted() throws IOException {
        context("web");
        Path file = compose("services:\n  web:\n    build: ./web\n    image: \"${ECR_REGISTRY?}/web\"\n  bad:\n    build: ./missing\n");
        Files.writeString(dir.resolve(".env"), "ECR_REGISTRY=registry.example\n");
        // Interpolation passes thanks to .env; the next problem reported is the missing context of "bad".
        assertInvalid(build(file), "service \"bad\": build context " + dir.resolve("missing") + " is not a directory");
    }

    @Test
    void missingDockerfileNamesThePathAndTheField() throws IOException {
        Files.createDirectories(dir.resolve("web"));
        Path file = compose("services:\n  web:\n    build:\n      context: ./web\n      dockerfile: Dockerfile.prod\n");
        // Reported at the dockerfile: line (5), not the context: line (4).
        assertInvalid(build(file), file + ":5: service \"web\": Dockerfile not found: " + dir.resolve("web/Dockerfile.prod"),
                "build.dockerfile");
    }

    @Test
    void booleanBuildArgMustBeQuoted() throws IOException {
        context("web");
        Path file = compose("services:\n  web:\n    build:\n      context: ./web\n      args:\n        DEBUG: yes\n");
        assertInvalid(build(file), file + ":6", "build.args.DEBUG is the boolean yes", "Quote it");
    }

    @Test
    void missingRegistryForPushSaysHowToGiveOne() throws IOException {
        context("web");
        Path file = compose("services:\n  web:\n    build: ./web\n");
        assertInvalid(build(file), "service \"web\" has no registry to push to", "Set the registry", "(option --registry)");
    }

    @Test
    void invalidTagIsRejectedBeforeBuilding() throws IOException {
        context("web");
        Path file = compose("services:\n  web:\n    build: ./web\n");
        assertInvalid(build(file, "--registry", "127.0.0.1:5000", "--tag", "not/a/tag"), "invalid tag 'not/a/tag'");
    }

    @Test
    void unknownOptionIsAUsageError() throws IOException {
        CliRun run = CliRun.run(Map.of(), "build", "--regsitry", "x");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("Unknown options: '--regsitry'") && run.err().contains("Possible solutions: --registry"), run.err());
    }
}
