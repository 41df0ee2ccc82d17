package io.jenkins.plugins.ecrpipeline.jenkins;

import hudson.EnvVars;
import hudson.model.Label;
import io.jenkins.plugins.ecrpipeline.localaws.LocalEcrFixture;
import io.jenkins.plugins.ecrpipeline.support.LocalStack;
import io.jenkins.plugins.ecrpipeline.support.LocalStacks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.stream.Stream;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.rules.ExternalResource;
import org.jvnet.hudson.test.JenkinsRule;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.ImageDetail;

/**
 * For JenkinsRule tests: the local stack (Docker, a plain registry) and local AWS (instance metadata, STS, ECR over
 * real registries) in the test JVM, and the environment of an EC2 agent whose IAM role local AWS serves. A class rule:
 * it outlives the Jenkins sessions of a restart test.
 */
final class LocalAws extends ExternalResource {
    private Path dir;
    LocalStack stack;
    LocalEcrFixture aws;

    @Override
    protected void before() throws Throwable {
        stack = LocalStacks.start();
        dir = Files.createTempDirectory("local-aws");
        aws = new LocalEcrFixture(stack, dir, Clock.systemUTC());
    }

    @Override
    protected void after() {
        if (aws != null) {
            aws.close();
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (java.io.IOException e) {
                // a temporary directory; nothing depends on its removal
            }
        }
    }

    /** The ECR registry host of the agent's own account (111111111111). */
    String registry() {
        return aws.server.registryHosts().get("111111111111");
    }

    void createRepositories(String... names) {
        try (EcrClient ecr = aws.ecr(aws.instanceProfile())) {
            for (String name : names) {
                if (ecr.describeRepositories().repositories().stream().noneMatch(r -> r.repositoryName().equals(name))) {
                    ecr.createRepository(r -> r.repositoryName(name));
                }
            }
        }
    }

    /** The digest {@code repository:tag} names in the local ECR, or null. */
    String digest(String repository, String tag) {
        try (EcrClient ecr = aws.ecr(aws.instanceProfile())) {
            return ecr.describeImages(r -> r.repositoryName(repository)).imageDetails().stream()
                    .filter(i -> i.imageTags().contains(tag)).map(ImageDetail::imageDigest).findFirst().orElse(null);
        }
    }

    /**
     * Runs {@code script} (sandboxed) in a new job, with a new agent labelled {@code ec2} in a JVM of its own whose
     * environment is {@link #agentEnvironment}'s; returns the build, which must succeed.
     */
    WorkflowRun buildOnAgent(JenkinsRule j, String script) throws Exception {
        j.createOnlineSlave(Label.get("ec2"), agentEnvironment("agent"));
        WorkflowJob job = j.createProject(WorkflowJob.class);
        job.setDefinition(new CpsFlowDefinition(script, true));
        return j.buildAndAssertSuccess(job);
    }

    /**
     * Pipeline lines that write a compose project of one service in the workspace, whose Dockerfile starts from the
     * local stack's base image and runs {@code run} after {@code ARG BUILD_DATE}.
     */
    static String composeProject(String service, String run) {
        return "writeFile file: '" + service + "/Dockerfile', text: 'FROM local/busybox:latest\\nARG BUILD_DATE\\nRUN " + run + "\\n'\n"
                + "writeFile file: 'docker-compose.yml', text: 'services:\\n  " + service + ":\\n    build: ./" + service + "\\n'\n";
    }

    /**
     * The environment of an EC2 agent: no keys, only the instance metadata endpoint (local AWS's), with AWS calls sent
     * to local AWS, the local stack's docker client and a home of its own (so {@code ~/.docker} is the agent's).
     */
    EnvVars agentEnvironment(String name) throws java.io.IOException {
        return new EnvVars(JenkinsController.ec2AgentEnvironment(Files.createDirectories(dir.resolve("home-" + name)), aws, stack));
    }
}
