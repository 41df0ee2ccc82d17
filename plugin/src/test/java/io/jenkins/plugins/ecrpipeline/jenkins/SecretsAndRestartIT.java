package io.jenkins.plugins.ecrpipeline.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.ecrpipeline.localaws.LocalEcrFixture;
import io.jenkins.plugins.ecrpipeline.support.LocalStack;
import io.jenkins.plugins.ecrpipeline.support.LocalStackExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.ImageDetail;

/**
 * What the plugin leaves on disk, and its blocks across a controller restart, on the real controller: every file of
 * JENKINS_HOME and of the agent (its work directory and workspaces) is searched for every secret local-aws handed out
 * (keys, session tokens, ECR passwords raw and as docker stores them) and for an outer withCredentials secret, while a
 * block runs and after the builds end; a planted control value proves that the search finds what is there.
 */
@ExtendWith(LocalStackExtension.class)
class SecretsAndRestartIT {
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(4);
    private static final String OUTER = "outer-" + UUID.randomUUID();

    private static Path dir;
    private static Path agentDir;
    private static LocalEcrFixture aws;
    private static JenkinsController jenkins;
    private static String registry;

    @BeforeAll
    static void start(LocalStack stack) throws Exception {
        dir = Files.createTempDirectory("secrets-restart");
        aws = new LocalEcrFixture(stack, dir, Clock.systemUTC());
        registry = aws.server.registryHosts().get("111111111111");
        try (EcrClient ecr = aws.ecr(aws.instanceProfile())) {
            for (String repository : List.of("secret-web", "leaky-production", "block-restart")) {
                ecr.createRepository(r -> r.repositoryName(repository));
            }
        }
        jenkins = JenkinsController.start(Files.createDirectories(dir.resolve("jenkins-home")));
        agentDir = dir.resolve("agent1");
        jenkins.startAgent("agent1", "docker", agentDir, JenkinsController.ec2AgentEnvironment(dir.resolve("agent-home"), aws, stack));
        String created = jenkins.script("""
                import com.cloudbees.plugins.credentials.*
                import com.cloudbees.plugins.credentials.domains.Domain
                import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl
                SystemCredentialsProvider.getInstance().getStore().addCredentials(Domain.global(),
                    new StringCredentialsImpl(CredentialsScope.GLOBAL, 'outer-secret', 'an outer secret', hudson.util.Secret.fromString('%s')))
                print 'created'
                """.formatted(OUTER));
        assertEquals("created", created.strip());
    }

    @AfterAll
    static void stop() throws Exception {
        if (jenkins != null) {
            jenkins.close();
        }
        if (aws != null) {
            aws.close();
        }
    }

    private static String digestInEcr(String repository, String tag) {
        try (EcrClient ecr = aws.ecr(aws.instanceProfile())) {
            return ecr.describeImages(r -> r.repositoryName(repository)).imageDetails().stream()
                    .filter(i -> i.imageTags().contains(tag)).map(ImageDetail::imageDigest).findFirst().orElse(null);
        }
    }

    /** Every secret to look for: what local-aws issued (and docker's base64 form of each ECR login) and the outer secret. */
    private static Set<String> secrets() {
        Set<String> secrets = new TreeSet<>(aws.server.issuedSecrets());
        for (String secret : aws.server.issuedSecrets()) {
            secrets.add(Base64.getEncoder().encodeToString(("AWS:" + secret).getBytes(StandardCharsets.UTF_8)));
        }
        secrets.add(OUTER);
        return secrets;
    }

    private static void awaitFile(Path file, String job, int number) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (!Files.exists(file)) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(file + " never appeared:\n" + jenkins.console(job, number));
            }
            Thread.sleep(200);
        }
    }

    @Test
    void noSecretReachesAFileJenkinsOrTheAgentWritesWhileABlockRunsOrAfterTheBuild() throws Exception {
        String control = "control-" + UUID.randomUUID();
        String consoleControl = "console-control-" + UUID.randomUUID();
        Path running = dir.resolve("block-running");
        Path release = dir.resolve("block-release");
        jenkins.createPipelineJob("secrets", """
                node('docker') {
                  writeFile file: 'control.txt', text: '%1$s'
                  echo '%2$s'
                  writeFile file: 'secret-web/Dockerfile', text: 'FROM local/busybox:latest\\nARG BUILD_DATE\\nRUN echo web $BUILD_DATE > /built\\n'
                  writeFile file: 'leaky-production/Dockerfile', text: 'FROM local/busybox:latest\\nARG TOKEN\\nRUN echo "the token is $TOKEN" && exit 7\\n'
                  writeFile file: 'docker-compose.yml', text: 'services:\\n  secret-web:\\n    build: ./secret-web\\n  leaky-production:\\n    build:\\n      context: ./leaky-production\\n      args:\\n        TOKEN: ${OUTER}\\n'
                  withCredentials([string(credentialsId: 'outer-secret', variable: 'OUTER')]) {
                    withAwsRole {
                      sh 'touch %3$s; while [ ! -f %4$s ]; do sleep 0.2; done'
                      def web = intermediateBuild(services: 'secret-web', ecrLogin: true, network: 'host')
                      catchError(buildResult: 'FAILURE', stageResult: 'FAILURE') {
                        intermediateBuild(services: 'leaky-production', ecrLogin: true, network: 'host', report: 'leaky.json')
                      }
                      catchError(buildResult: 'FAILURE', stageResult: 'FAILURE') {
                        ecrDeploy(images: ["${web[0].image}@${web[0].digest}"], command: 'echo "deploying $OUTER $AWS_SECRET_ACCESS_KEY $AWS_SESSION_TOKEN"; exit 3')
                      }
                      ecrCleanup(repositories: 'secret-web', untaggedOlderThan: '30d', dryRun: true, planFile: 'plan.json')
                    }
                  }
                }
                """.formatted(control, consoleControl, running, release));
        int number = jenkins.build("secrets", Map.of());
        awaitFile(running, "secrets", number);
        // While the block runs (the Pipeline is saved while sh waits): program.dat, flow nodes, the agent's files.
        Set<String> whileRunning = secrets();
        List<String> foundWhileRunning = SecretSearch.filesHolding(whileRunning, dir.resolve("jenkins-home"), agentDir);
        Files.createFile(release);

        String result = jenkins.awaitResult("secrets", number, BUILD_TIMEOUT);
        String console = jenkins.console("secrets", number);

        assertEquals("FAILURE", result, console);
        assertTrue(console.contains("the token is ****"), "the failing RUN ran and its secret is masked:\n" + console);
        assertTrue(console.contains("deploying **** **** ****"), console);
        assertEquals(List.of(), foundWhileRunning, "no secret in any file while the block runs");
        List<String> after = SecretSearch.filesHolding(secrets(), dir.resolve("jenkins-home"), agentDir);
        assertEquals(List.of(), after, "no secret in any file after the build");
        // The search finds what is there: the planted values, one in the workspace and one in the build log.
        List<String> planted = SecretSearch.filesHolding(Set.of(control, consoleControl), dir.resolve("jenkins-home"), agentDir);
        assertTrue(planted.stream().anyMatch(f -> f.contains("control.txt")) && planted.stream().anyMatch(f -> f.contains("/builds/")),
                "the search found the controls: " + planted);
        assertTrue(secrets().size() > 3, "local-aws issued the secrets the search looked for: " + secrets().size());
    }

    @Test
    void withAwsRoleAndWithEcrBlocksGoOnAcrossARestartMaskedAndLeaveNoDockerConfig() throws Exception {
        Path running = dir.resolve("restart-running");
        jenkins.createPipelineJob("blocks-restart", """
                node('docker') {
                  parallel(
                    role: {
                      withAwsRole {
                        sh 'touch %1$s; sleep 20'
                        sh 'echo "key after the restart: $AWS_SECRET_ACCESS_KEY"'
                      }
                    },
                    ecr: {
                      withEcr {
                        sh 'sleep 20; echo "config: $DOCKER_CONFIG"; docker tag local/busybox:latest $AWS_ECR_DOMAIN/block-restart:after && docker push $AWS_ECR_DOMAIN/block-restart:after'
                      }
                    })
                }
                """.formatted(running));
        int number = jenkins.build("blocks-restart", Map.of());
        awaitFile(running, "blocks-restart", number);
        Thread.sleep(2000);

        jenkins.restart();
        String result = jenkins.awaitResult("blocks-restart", number, BUILD_TIMEOUT);
        String console = jenkins.console("blocks-restart", number);

        assertEquals("SUCCESS", result, console);
        assertTrue(console.contains("Resuming build"), "the build went on after the restart:\n" + console);
        assertTrue(console.contains("key after the restart: ****"), console);
        assertTrue(SecretSearch.filesHolding(aws.server.issuedSecrets(), dir.resolve("jenkins-home")).isEmpty());
        assertTrue(digestInEcr("block-restart", "after") != null, "the push in withEcr worked after the restart");
        try (Stream<Path> files = Files.walk(agentDir)) {
            List<Path> configs = files.filter(p -> p.getFileName().toString().startsWith("ecr-image-pipeline-docker-config-")).toList();
            assertEquals(List.of(), configs, "no private docker config is left on the agent");
        }
        assertEquals(List.of(), RestartConsole.exceptionLines(console), console);
    }
}
