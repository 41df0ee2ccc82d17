package io.jenkins.plugins.ecrpipeline.cli;

import static io.jenkins.plugins.ecrpipeline.cleanup.CleanupFixture.OTHER;
import static io.jenkins.plugins.ecrpipeline.cleanup.CleanupFixture.OTHER_ROLE;
import static io.jenkins.plugins.ecrpipeline.cleanup.CleanupFixture.OWN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.ecrpipeline.cleanup.CleanupFixture;
import io.jenkins.plugins.ecrpipeline.localaws.LocalEcrExtension;
import io.jenkins.plugins.ecrpipeline.localaws.LocalEcrFixture;
import io.jenkins.plugins.ecrpipeline.support.LocalStackExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every command that takes a role acts in that role's account, not the agent's own, unless a registry is named: two
 * local accounts that both hold the same repository, listed before and after, so anything that changed in the wrong
 * account shows.
 */
@ExtendWith({LocalStackExtension.class, LocalEcrExtension.class})
class RoleAccountTest {
    private static final String REPOSITORY = "shared/app";
    private LocalEcrFixture aws;
    private CleanupFixture own;
    private CleanupFixture other;
    private Map<String, String> env;

    @BeforeEach
    void start(LocalEcrFixture fixture) throws Exception {
        aws = fixture;
        own = new CleanupFixture(aws, OWN);
        other = new CleanupFixture(aws, OTHER);
        own.createRepository(REPOSITORY);
        other.createRepository(REPOSITORY);
        env = EcrLoginTest.agentEnvironment(aws.server.endpoint().toString());
    }

    @AfterEach
    void stop() {
        own.close();
        other.close();
    }

    private CliRun cli(String command, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = command;
        all[1] = "--endpoint-url=" + aws.server.endpoint();
        System.arraycopy(args, 0, all, 2, args.length);
        return CliRun.run(env, all);
    }

    @Test
    void cleanupWithARoleDeletesInTheRolesAccountOnly() throws Exception {
        String ownTagged = own.pushImage(REPOSITORY, "intermediate");
        own.pushImage(REPOSITORY, null);
        own.pushImage(REPOSITORY, null);
        String otherTagged = other.pushImage(REPOSITORY, "intermediate");
        String otherUntagged = other.pushImage(REPOSITORY, null);
        Map<String, List<String>> ownBefore = own.images(REPOSITORY);
        assertEquals(3, ownBefore.size());

        CliRun run = cli("cleanup", "--ecr-login", "--assume-role", OTHER_ROLE, "--repository", REPOSITORY, "--untagged-older-than", "0m",
                "--execute");

        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains(other.host()) && !run.out().contains(own.host()), "the role's registry is cleaned:\n" + run.out());
        assertEquals(ownBefore, own.images(REPOSITORY), "nothing changed in the agent's own account");
        assertEquals(Map.of(otherTagged, List.of("intermediate")), other.images(REPOSITORY), "the untagged image " + otherUntagged
                + " of the role's account is gone, the tagged one stays");
        assertNotEquals(ownTagged, otherTagged);
    }

    @Test
    void cleanupWithARoleAndTheOwnRegistryNamedCleansTheOwnAccount() throws Exception {
        own.pushImage(REPOSITORY, "intermediate");
        own.pushImage(REPOSITORY, null);
        other.pushImage(REPOSITORY, null);
        Map<String, List<String>> otherBefore = other.images(REPOSITORY);

        CliRun run = cli("cleanup", "--ecr-login", "--assume-role", OTHER_ROLE, "--registry", own.host(), "--repository", REPOSITORY,
                "--untagged-older-than", "0m", "--execute");

        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertEquals(1, own.images(REPOSITORY).size(), "the own registry, named, was cleaned");
        assertEquals(otherBefore, other.images(REPOSITORY));
    }

    @Test
    void promoteWithARoleTagsInTheAccountItsImageNames() throws Exception {
        String ownImage = own.pushImage(REPOSITORY, "intermediate");
        String otherImage = other.pushImage(REPOSITORY, "intermediate");
        Map<String, List<String>> ownBefore = own.images(REPOSITORY);

        CliRun run = cli("promote", "--ecr-login", "--assume-role", OTHER_ROLE, "--image", other.host() + "/" + REPOSITORY + ":intermediate",
                "--to", "production");

        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertEquals(ownBefore, own.images(REPOSITORY), "nothing changed in the agent's own account");
        assertEquals(Map.of(otherImage, List.of("intermediate", "production")), other.images(REPOSITORY));
        assertNotEquals(ownImage, otherImage);
    }

    @Test
    void loginWithRolesPutsTheFirstRolesRegistryFirst() throws Exception {
        Path config = Files.createDirectories(aws.dir.resolve("roles-config"));

        CliRun run = cli("login", "--docker-config", config.toString(), "--assume-role", OTHER_ROLE);

        assertEquals(0, run.exitCode(), run.err());
        assertEquals(List.of(other.host(), own.host()), run.out().lines().toList(), "the role's registry first, then the agent's own");
        String auths = Files.readString(config.resolve("config.json"));
        assertTrue(auths.contains(other.host()) && auths.contains(own.host()), auths);
    }

    @Test
    void execWithARoleExportsTheRolesRegistryAsTheEcrDomain() throws Exception {
        Path seen = aws.dir.resolve("domain");

        CliRun run = cli("exec", "--assume-role", OTHER_ROLE, "--", "sh", "-c",
                "printf '%s\\n%s' \"$AWS_ECR_DOMAIN\" \"$AWS_ECR_REGISTRIES\" > " + seen);

        assertEquals(0, run.exitCode(), run.out() + run.err());
        List<String> lines = Files.readAllLines(seen);
        assertEquals(other.host(), lines.get(0));
        assertEquals(other.host() + "," + own.host(), lines.get(1));
    }

    @Test
    void buildWithARolePushesToTheRolesRegistry() throws Exception {
        Path context = Files.createDirectories(aws.dir.resolve("app"));
        Files.writeString(context.resolve("Dockerfile"), "FROM local/busybox:latest\nARG BUILD_DATE\nRUN echo $BUILD_DATE > /built\n");
        Path compose = aws.dir.resolve("docker-compose.yml");
        Files.writeString(compose, "services:\n  app:\n    image: " + REPOSITORY + "\n    build: ./app\n");
        Map<String, List<String>> ownBefore = own.images(REPOSITORY);

        CliRun run = cli("build", "--compose", compose.toString(), "--ecr-login", "--assume-role", OTHER_ROLE, "--network", "host",
                "--no-registry-cache", "--no-dated-tag", "--build-date", "r" + System.nanoTime());

        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertEquals(ownBefore, own.images(REPOSITORY), "nothing was pushed to the agent's own account");
        assertEquals(List.of(List.of("intermediate")), List.copyOf(other.images(REPOSITORY).values()));
    }
}
