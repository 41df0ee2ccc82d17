package io.jenkins.plugins.ecrpipeline.jenkins;

import static io.jenkins.plugins.ecrpipeline.cleanup.CleanupFixture.OTHER;
import static io.jenkins.plugins.ecrpipeline.cleanup.CleanupFixture.OTHER_ROLE;
import static io.jenkins.plugins.ecrpipeline.cleanup.CleanupFixture.OWN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.ecrpipeline.cleanup.CleanupFixture;
import io.jenkins.plugins.ecrpipeline.localaws.LocalEcrFixture;
import io.jenkins.plugins.ecrpipeline.support.LocalStack;
import io.jenkins.plugins.ecrpipeline.support.LocalStackExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every step that takes a role acts in that role's account on the real controller: the same repository exists in the
 * agent's own account and in the role's, and both are listed before and after each build.
 */
@ExtendWith(LocalStackExtension.class)
class RoleAccountIT {
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(3);

    private static Path dir;
    private static LocalEcrFixture aws;
    private static JenkinsController jenkins;
    private static CleanupFixture own;
    private static CleanupFixture other;

    @BeforeAll
    static void start(LocalStack stack) throws Exception {
        dir = Files.createTempDirectory("role-account");
        aws = new LocalEcrFixture(stack, dir, Clock.systemUTC());
        own = new CleanupFixture(aws, OWN);
        other = new CleanupFixture(aws, OTHER);
        jenkins = JenkinsController.start(Files.createDirectories(dir.resolve("jenkins-home")));
        jenkins.startAgent("agent1", "docker", dir.resolve("agent1"), JenkinsController.ec2AgentEnvironment(dir.resolve("agent-home"), aws, stack));
    }

    @AfterAll
    static void stop() throws Exception {
        if (jenkins != null) {
            jenkins.close();
        }
        if (own != null) {
            own.close();
            other.close();
        }
        if (aws != null) {
            aws.close();
        }
    }

    private static String run(String job, String script) throws Exception {
        jenkins.createPipelineJob(job, script);
        int number = jenkins.build(job, Map.of());
        String result = jenkins.awaitResult(job, number, BUILD_TIMEOUT);
        String console = jenkins.console(job, number);
        assertEquals("SUCCESS", result, console);
        return console;
    }

    @Test
    void loginStepsWithARolePutTheRolesRegistryFirst() throws Exception {
        String console = run("role-login", """
                node('docker') {
                  def hosts = ecrDockerLogin(role: '%1$s')
                  echo "ecrDockerLogin: ${hosts.join(' ')}"
                  withEcr(role: '%1$s') { sh 'echo "withEcr: $AWS_ECR_DOMAIN $AWS_ECR_REGISTRIES"' }
                }
                """.formatted(OTHER_ROLE));

        assertTrue(console.contains("ecrDockerLogin: " + other.host() + " " + own.host()), console);
        assertTrue(console.contains("withEcr: " + other.host() + " " + other.host() + "," + own.host()), console);
    }

    @Test
    void cleanupWithARoleOrInsideWithAwsRoleCleansOnlyTheRolesAccount() throws Exception {
        String repository = "role/cleaned";
        own.createRepository(repository);
        other.createRepository(repository);
        own.pushImage(repository, "intermediate");
        own.pushImage(repository, null);
        String kept = other.pushImage(repository, "intermediate");
        other.pushImage(repository, null);
        Map<String, List<String>> ownBefore = own.images(repository);

        run("role-cleanup", """
                node('docker') {
                  def totals = ecrCleanup(role: '%1$s', repositories: '%2$s', untaggedOlderThan: '0m', dryRun: false, planFile: '')
                  echo "deleted by the role: ${totals.deleted}"
                }
                """.formatted(OTHER_ROLE, repository));

        assertEquals(ownBefore, own.images(repository), "nothing changed in the agent's own account");
        assertEquals(Map.of(kept, List.of("intermediate")), other.images(repository));

        other.pushImage(repository, null);
        run("role-block-cleanup", """
                node('docker') {
                  withAwsRole(role: '%1$s') {
                    def totals = ecrCleanup(repositories: '%2$s', untaggedOlderThan: '0m', dryRun: false, planFile: '')
                    echo "deleted inside withAwsRole: ${totals.deleted}"
                  }
                }
                """.formatted(OTHER_ROLE, repository));

        assertEquals(ownBefore, own.images(repository), "nothing changed in the agent's own account");
        assertEquals(Map.of(kept, List.of("intermediate")), other.images(repository));
    }

    @Test
    void promoteWithARoleTagsInTheRolesAccountOnly() throws Exception {
        String repository = "role/promoted";
        own.createRepository(repository);
        other.createRepository(repository);
        own.pushImage(repository, "intermediate");
        String image = other.pushImage(repository, "intermediate");
        Map<String, List<String>> ownBefore = own.images(repository);

        run("role-promote", """
                node('docker') {
                  ecrPromote(role: '%1$s', images: ['%2$s/%3$s:intermediate'], to: 'production', report: '')
                }
                """.formatted(OTHER_ROLE, other.host(), repository));

        assertEquals(ownBefore, own.images(repository), "nothing changed in the agent's own account");
        assertEquals(Map.of(image, List.of("intermediate", "production")), other.images(repository));
    }
}
