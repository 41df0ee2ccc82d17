package io.jenkins.plugins.ecrpipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.ecrpipeline.aws.AssumeRoleSettings;
import io.jenkins.plugins.ecrpipeline.aws.AwsSessionSettings;
import io.jenkins.plugins.ecrpipeline.aws.CallerIdentity;
import io.jenkins.plugins.ecrpipeline.aws.CredentialBinding;
import io.jenkins.plugins.ecrpipeline.docker.DockerClient;
import io.jenkins.plugins.ecrpipeline.ecr.EcrAuthorizationRequest;
import io.jenkins.plugins.ecrpipeline.ecr.EcrPassword;
import io.jenkins.plugins.ecrpipeline.ecr.EcrPasswords;
import io.jenkins.plugins.ecrpipeline.intermediatebuild.BuildPlan;
import io.jenkins.plugins.ecrpipeline.intermediatebuild.BuildReport;
import io.jenkins.plugins.ecrpipeline.intermediatebuild.BuildRequest;
import io.jenkins.plugins.ecrpipeline.intermediatebuild.IntermediateBuild;
import io.jenkins.plugins.ecrpipeline.intermediatebuild.ServiceResult;
import io.jenkins.plugins.ecrpipeline.process.Host;
import io.jenkins.plugins.ecrpipeline.process.Secret;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every request and result value crosses between JVMs the way Jenkins remoting carries it (Java serialization) and
 * arrives equal: a plan made on an agent, an authorization made in the agent JVM, a report handed back.
 */
class SerializationRoundTripTest {
    @TempDir
    static Path workspace;

    static Stream<Object> values() throws Exception {
        AwsSessionSettings session = new AwsSessionSettings("eu-west-1", URI.create("http://127.0.0.1:4590"),
                new AssumeRoleSettings("arn:aws:iam::222222222222:role/pusher", "ext-1", "jenkins-nightly-7", Duration.ofHours(1)),
                Duration.ofSeconds(2));
        EcrAuthorizationRequest authorization = new EcrAuthorizationRequest(session.withAssumeRole(null), true,
                List.of(session.assumeRole()), List.of("eu-west-1", "us-east-1"), List.of("333333333333"));
        BuildRequest request = BuildRequest.builder().composeFile("docker-compose.yml").pattern(BuildRequest.NIGHTLY_PATTERN)
                .registry("123456789012.dkr.ecr.eu-west-1.amazonaws.com/team").tag("intermediate").parallelism(4)
                .buildArgs(Map.of("NODE_ENV", "production")).buildDate("20261125030000").docker("/usr/bin/docker").network("host")
                .reportFile("target/report.json").ecrLogin(authorization).build();

        Files.createDirectories(workspace.resolve("web-production"));
        Files.writeString(workspace.resolve("web-production/Dockerfile"), "FROM scratch\n");
        Files.writeString(workspace.resolve("docker-compose.yml"), """
                services:
                  web-production:
                    build:
                      context: ./web-production
                      dockerfile: Dockerfile
                      args: {A: "1", B: null}
                      cache_from: [cache/web]
                      labels: {team: web}
                """);
        BuildPlan plan = IntermediateBuild.plan(request, Host.local(Map.of()).workspace(workspace).tempDirectory(workspace).build());

        Instant now = Instant.parse("2026-11-25T03:00:00Z");
        BuildReport report = new BuildReport(now, now.plusSeconds(90), "20261125030000", List.of(
                new ServiceResult("web-production", "r/web:intermediate", ServiceResult.Outcome.PUSHED, "sha256:" + "a".repeat(64),
                        "sha256:" + "b".repeat(64), 12345, Duration.ofSeconds(80), null),
                new ServiceResult("web-qa", "r/web-qa:intermediate", ServiceResult.Outcome.BUILD_FAILED, null, null, -1,
                        Duration.ofSeconds(3), "docker build exited with 1: boom")));
        EcrPasswords authorizations = new EcrPasswords(List.of(new EcrPassword(
                "111111111111.dkr.ecr.eu-west-1.amazonaws.com", Secret.of("pw"), now, now.plus(Duration.ofHours(12)), "eu-west-1",
                "instance profile (IMDSv2)")));
        CredentialBinding binding = new CredentialBinding(Map.of("AWS_ACCESS_KEY_ID", "ASIA1", "AWS_REGION", "eu-west-1"),
                Map.of("AWS_SECRET_ACCESS_KEY", Secret.of("s3cr3t"), "AWS_SESSION_TOKEN", Secret.of("t0k3n")), now.plus(Duration.ofHours(6)));
        CallerIdentity identity = new CallerIdentity("111111111111", "arn:aws:sts::111111111111:assumed-role/jenkins-agent/i-1",
                "AROA:i-1", "instance profile (IMDSv2)", "eu-west-1");
        DockerClient docker = new DockerClient("/usr/bin/docker", "20.10.24", "/tmp/config", "host");
        io.jenkins.plugins.ecrpipeline.promote.PromotionRequest promotion = io.jenkins.plugins.ecrpipeline.promote.PromotionRequest.builder()
                .image("web", "111111111111.dkr.ecr.eu-west-1.amazonaws.com/web@sha256:" + "a".repeat(64), List.of("production"), null)
                .services(List.of("api"), "111111111111.dkr.ecr.eu-west-1.amazonaws.com", "candidate", List.of("release"),
                        "222222222222.dkr.ecr.eu-west-1.amazonaws.com")
                .expectDigest("api", "sha256:" + "b".repeat(64)).ecrApi(authorization).reportFile("target/promoted.json").build();
        io.jenkins.plugins.ecrpipeline.promote.PromotionReport promoted = new io.jenkins.plugins.ecrpipeline.promote.PromotionReport(now,
                now.plusSeconds(4), List.of(new io.jenkins.plugins.ecrpipeline.promote.PromotionResult("api", "r/api:candidate",
                        List.of("s/api:release"), List.of("s/api:release"), "sha256:" + "b".repeat(64), "application/vnd.oci.image.index.v1+json",
                        io.jenkins.plugins.ecrpipeline.promote.PromotionResult.Route.REGISTRY_API, 2048, 2, 1, 3,
                        io.jenkins.plugins.ecrpipeline.promote.PromotionResult.Outcome.PROMOTED, null)));
        io.jenkins.plugins.ecrpipeline.deploy.DeployTarget target = new io.jenkins.plugins.ecrpipeline.deploy.DeployTarget("api", "s/api",
                "sha256:" + "b".repeat(64), "release");
        io.jenkins.plugins.ecrpipeline.deploy.DeployRequest deploy = new io.jenkins.plugins.ecrpipeline.deploy.DeployRequest(
                List.of("./deploy.sh", "--wait"), List.of(target), session);
        io.jenkins.plugins.ecrpipeline.deploy.DeployReport deployed = new io.jenkins.plugins.ecrpipeline.deploy.DeployReport(List.of(
                new io.jenkins.plugins.ecrpipeline.deploy.DeployResult(target, 3, io.jenkins.plugins.ecrpipeline.deploy.DeployResult.Outcome.FAILED,
                        "the deploy command exited with 3")));
        io.jenkins.plugins.ecrpipeline.cleanup.CleanupRequest cleanup = io.jenkins.plugins.ecrpipeline.cleanup.CleanupRequest.builder(
                io.jenkins.plugins.ecrpipeline.cleanup.CleanupPolicy.builder().repository("web").repositoryPattern("team/.*").untaggedOlderThan("14d")
                        .keepNewest(5, "intermediate-(.*)").taggedOlderThan("90d", "feature-.*").protectedTag("production")
                        .inUse("web@sha256:" + "c".repeat(64)).inUseFile("deployed.txt").build())
                .ecrApi(authorization).execute(true).planFile("plan.json").reportFile("cleanup.json").concurrency(3).build();
        io.jenkins.plugins.ecrpipeline.cleanup.PlanEntry entry = new io.jenkins.plugins.ecrpipeline.cleanup.PlanEntry("web", "sha256:" + "d".repeat(64),
                List.of("feature-x"), now, 1234, "application/vnd.oci.image.manifest.v1+json", true, "taggedOlderThan 90d (rules[2])");
        io.jenkins.plugins.ecrpipeline.cleanup.CleanupTotals totals = new io.jenkins.plugins.ecrpipeline.cleanup.CleanupTotals(3, 1, entry.size(), 0, 0, 1, 0);
        io.jenkins.plugins.ecrpipeline.cleanup.CleanupReport cleaned = new io.jenkins.plugins.ecrpipeline.cleanup.CleanupReport("r", now, true, totals,
                Map.of("web", totals), List.of("refused to empty x"),
                List.of(new io.jenkins.plugins.ecrpipeline.cleanup.CleanupBackend.DeleteFailure("web", entry.digest(), "ImageReferencedByManifestList",
                        "referenced")), List.of("a note"), Map.of("DescribeImages", 2L, "BatchDeleteImage", 1L), 4, Duration.ofSeconds(2), Duration.ofSeconds(1),
                Duration.ofSeconds(3), "repositories web; rules untagged older than 14d", List.of(entry));
        return Stream.of(request, plan, report, session, authorization, authorizations, binding, identity, docker, promotion, promoted,
                deploy, deployed, cleanup, cleaned);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("values")
    void arrivesEqual(Object value) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        Object copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = in.readObject();
        }
        assertNotSame(value, copy);
        assertEquals(value, copy);
        assertEquals(value.toString(), copy.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("values")
    void neverShowsASecretWhenPrinted(Object value) {
        for (String secret : List.of("s3cr3t", "t0k3n", "pw]", "=pw")) {
            assertTrue(!value.toString().contains(secret), value.getClass().getSimpleName() + " shows a secret: " + value);
        }
    }
}
