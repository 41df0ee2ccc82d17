package io.jenkins.plugins.ecrpipeline.jenkins;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import hudson.model.Slave;
import hudson.slaves.DumbSlave;
import java.util.Map;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.support.steps.input.InputAction;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.jvnet.hudson.test.BuildWatcher;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.JenkinsSessionRule;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * The steps and blocks across a controller restart: the same JENKINS_HOME, the same agent (relaunched), local AWS and
 * Docker unchanged. A block waits at an {@code input} step (held on the controller, so nothing runs on the agent
 * while Jenkins stops), which the test approves after the restart.
 */
public class RestartTest {
    @ClassRule
    public static BuildWatcher buildWatcher = new BuildWatcher();

    @ClassRule
    public static LocalAws local = new LocalAws();

    @Rule
    public JenkinsSessionRule sessions = new JenkinsSessionRule();

    /** A job on an agent with an EC2-like IAM role; the build is started and left running. */
    private static WorkflowRun start(JenkinsRule j, String script) throws Exception {
        DumbSlave agent = j.createSlave("agent", "ec2", local.agentEnvironment("agent"));
        j.waitOnline(agent);
        WorkflowJob job = j.createProject(WorkflowJob.class, "job");
        job.setDefinition(new CpsFlowDefinition(script, true));
        return job.scheduleBuild2(0).waitForStart();
    }

    /** After the restart: build #1, once its agent is back and it waits at its input step again; then approves it. */
    private static WorkflowRun resume(JenkinsRule j) throws Exception {
        j.waitOnline((Slave) j.jenkins.getNode("agent"));
        WorkflowRun b = j.jenkins.getItemByFullName("job", WorkflowJob.class).getBuildByNumber(1);
        InputAction input = b.getAction(InputAction.class);
        while (input == null || input.getExecutions().isEmpty()) {
            Thread.sleep(100);
            input = b.getAction(InputAction.class);
        }
        input.getExecutions().get(0).proceed((Map<String, Object>) null);
        return b;
    }

    @Test
    public void withAwsRoleKeepsItsMaskedCredentialsAcrossARestart() throws Throwable {
        AwsSessionCredentials role = (AwsSessionCredentials) local.aws.instanceProfile().resolveCredentials();
        sessions.then(j -> {
            WorkflowRun b = start(j, """
                    node('ec2') {
                      withAwsRole {
                        sh 'echo "before the restart: id=$AWS_ACCESS_KEY_ID key=$AWS_SECRET_ACCESS_KEY"'
                        input 'Restarted?'
                        sh 'echo "after the restart: id=$AWS_ACCESS_KEY_ID key=$AWS_SECRET_ACCESS_KEY token=$AWS_SESSION_TOKEN"'
                      }
                      sh 'echo "outside the block: ${AWS_SECRET_ACCESS_KEY:-unset}"'
                    }
                    """);
            j.waitForMessage("before the restart: id=" + role.accessKeyId() + " key=****", b);
            j.waitForMessage("Restarted?", b);
        });
        sessions.then(j -> {
            WorkflowRun b = j.assertBuildStatusSuccess(j.waitForCompletion(resume(j)));
            j.assertLogContains("after the restart: id=" + role.accessKeyId() + " key=**** token=****", b);
            j.assertLogContains("outside the block: unset", b);
            j.assertLogNotContains(role.secretAccessKey(), b);
            j.assertLogNotContains(role.sessionToken(), b);
        });
    }

    @Test
    public void withEcrKeepsItsLoginAcrossARestartAndDeletesItAfterTheBlock() throws Throwable {
        local.createRepositories("restart-qa");
        sessions.then(j -> {
            WorkflowRun b = start(j, """
                    node('ec2') {
                      def config = ''
                      withEcr {
                        config = sh(returnStdout: true, script: 'echo "$DOCKER_CONFIG"').trim()
                        sh 'docker tag local/busybox:latest $AWS_ECR_DOMAIN/restart-qa:before && docker push $AWS_ECR_DOMAIN/restart-qa:before'
                        input 'Restarted?'
                        sh 'docker tag local/busybox:latest $AWS_ECR_DOMAIN/restart-qa:after && docker push $AWS_ECR_DOMAIN/restart-qa:after'
                      }
                      sh "test ! -e '${config}' && echo 'the private docker config is gone'"
                    }
                    """);
            j.waitForMessage("Restarted?", b);
            assertNotNull(local.digest("restart-qa", "before"));
        });
        sessions.then(j -> {
            WorkflowRun b = j.assertBuildStatusSuccess(j.waitForCompletion(resume(j)));
            j.assertLogContains("the private docker config is gone", b);
            assertEquals(local.digest("restart-qa", "before"), local.digest("restart-qa", "after"));
        });
    }

    /**
     * The build runs in a process of its own on the agent, which a restart of the controller does not touch: the
     * resumed build follows it to its end, with its report and the digest the registry holds.
     */
    @Test
    public void intermediateBuildGoesOnAcrossARestart() throws Throwable {
        local.createRepositories("slow-qa");
        sessions.then(j -> {
            WorkflowRun b = start(j, """
                    node('ec2') {
                      %s
                      def images = intermediateBuild(services: 'slow-qa', ecrLogin: true, network: 'host')
                      echo "pushed ${images[0].digest}"
                    }
                    """.formatted(LocalAws.composeProject("slow-qa", "echo slow-build-running; sleep 10")));
            j.waitForMessage("slow-build-running", b);
        });
        sessions.then(j -> {
            WorkflowRun b = j.assertBuildStatusSuccess(j.waitForCompletion(j.jenkins.getItemByFullName("job", WorkflowJob.class)
                    .getBuildByNumber(1)));
            String digest = local.digest("slow-qa", "intermediate");
            assertNotNull("pushed", digest);
            j.assertLogContains("pushed " + digest, b);
            j.assertLogContains("1 service(s): 1 succeeded, 0 failed", b);
            assertEquals(digest, b.getAction(ImageBuildAction.class).getServices().get(0).getDigest());
        });
    }

    @Test
    public void theBuildPageSummariesAndTheJobTrendSurviveARestart() throws Throwable {
        local.createRepositories("saved-qa");
        sessions.then(j -> {
            WorkflowRun b = start(j, """
                    node('ec2') {
                      %s
                      def built = intermediateBuild(services: 'saved-qa', ecrLogin: true, network: 'host')
                      ecrPromote(images: built.collect { "${it.image}@${it.digest}" }, to: 'production')
                    }
                    """.formatted(LocalAws.composeProject("saved-qa", "echo $BUILD_DATE > /built")));
            j.assertBuildStatusSuccess(j.waitForCompletion(b));
        });
        sessions.then(j -> {
            String digest = local.digest("saved-qa", "intermediate");
            WorkflowRun b = j.jenkins.getItemByFullName("job", WorkflowJob.class).getBuildByNumber(1);
            assertEquals(digest, b.getAction(ImageBuildAction.class).getServices().get(0).getDigest());
            assertEquals(digest, b.getAction(PromotionAction.class).getServices().get(0).getDigest());
            String page = j.createWebClient().getPage(b).getWebResponse().getContentAsString();
            assertTrue(page.contains("Nightly images") && page.contains("Promoted images") && page.contains(digest));
            String trend = j.createWebClient().goTo("job/job/ecr-image-trend/json", "application/json").getWebResponse().getContentAsString();
            assertTrue(trend, trend.contains("\"build\":1,\"service\":\"saved-qa\""));
        });
    }
}
