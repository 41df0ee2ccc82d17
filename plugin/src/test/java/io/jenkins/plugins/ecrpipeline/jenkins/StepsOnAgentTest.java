package io.jenkins.plugins.ecrpipeline.jenkins;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;

import java.util.List;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.jvnet.hudson.test.BuildWatcher;
import org.jvnet.hudson.test.JenkinsRule;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * The steps on a JenkinsRule controller with a real agent (its own JVM, connected over a remoting channel) whose IAM
 * role local AWS serves; Docker and the registries behind the local ECR are real.
 */
public class StepsOnAgentTest {
    @ClassRule
    public static BuildWatcher buildWatcher = new BuildWatcher();

    @ClassRule
    public static LocalAws local = new LocalAws();

    @Rule
    public JenkinsRule j = new JenkinsRule();

    @Test
    public void intermediateBuildThenPromoteAndDeployTheTestedDigest() throws Exception {
        local.createRepositories("web-qa");
        WorkflowRun b = local.buildOnAgent(j, """
                node('ec2') {
                  %s
                  def built = intermediateBuild(services: 'web-qa', ecrLogin: true, network: 'host', tag: 'candidate',
                      smokeTests: ['web-qa=cat /built'], buildArgs: ['UNUSED=1'])
                  echo "built ${built[0].service} ${built[0].digest} ${built[0].result}"
                  def promoted = ecrPromote(images: built.collect { "${it.image}@${it.digest}" }, to: 'production')
                  ecrDeploy(images: promoted.collect { it.image }, command: 'echo "deploying $IMAGE@$IMAGE_DIGEST as $IMAGE_TAG key=$AWS_SECRET_ACCESS_KEY"')
                }
                """.formatted(LocalAws.composeProject("web-qa", "echo web-qa $BUILD_DATE > /built")));
        String candidate = local.digest("web-qa", "candidate");
        assertNotNull(candidate);
        assertEquals("the promoted tag names the tested digest", candidate, local.digest("web-qa", "production"));
        j.assertLogContains("built web-qa " + candidate + " PUSHED", b);
        j.assertLogContains("[web-qa] smoke| web-qa 20", b);
        j.assertLogContains("deploying " + local.registry() + "/web-qa@" + candidate + " as production key=****", b);
        AwsSessionCredentials role = (AwsSessionCredentials) local.aws.instanceProfile().resolveCredentials();
        j.assertLogNotContains(role.secretAccessKey(), b);
        assertEquals(candidate, b.getAction(ImageBuildAction.class).getServices().get(0).getDigest());
        assertEquals(candidate, b.getAction(PromotionAction.class).getServices().get(0).getDigest());
        assertEquals(List.of("ecr-image-pipeline-report.json", "ecr-promotion-report.json"),
                b.getArtifacts().stream().map(a -> a.relativePath).sorted().toList());
    }

    @Test
    public void withAwsRoleEcrLoginAndWithEcrWorkWithTheAgentsRole() throws Exception {
        local.createRepositories("web-qa");
        WorkflowRun b = local.buildOnAgent(j, """
                node('ec2') {
                  withAwsRole {
                    sh 'echo "id=$AWS_ACCESS_KEY_ID key=$AWS_SECRET_ACCESS_KEY token=$AWS_SESSION_TOKEN region=$AWS_REGION"'
                  }
                  sh 'echo "after the block: ${AWS_SECRET_ACCESS_KEY:-unset}"'
                  def hosts = ecrDockerLogin()
                  echo "ecrDockerLogin returned ${hosts}"
                  def config = ''
                  withEcr {
                    config = sh(returnStdout: true, script: 'echo "$DOCKER_CONFIG"').trim()
                    sh 'docker tag local/busybox:latest $AWS_ECR_DOMAIN/web-qa:by-with-ecr && docker push $AWS_ECR_DOMAIN/web-qa:by-with-ecr'
                  }
                  sh "test ! -e '${config}' && echo 'the private docker config is gone'"
                }
                """);
        AwsSessionCredentials role = (AwsSessionCredentials) local.aws.instanceProfile().resolveCredentials();
        j.assertLogContains("id=" + role.accessKeyId() + " key=**** token=**** region=eu-west-1", b);
        j.assertLogNotContains(role.secretAccessKey(), b);
        j.assertLogContains("after the block: unset", b);
        j.assertLogContains("ecrDockerLogin returned [" + local.registry() + "]", b);
        j.assertLogContains("the private docker config is gone", b);
        assertNotNull(local.digest("web-qa", "by-with-ecr"));
    }

    @Test
    public void ecrCleanupPlansThenDeletesTheUntaggedImage() throws Exception {
        local.createRepositories("cleanup-qa");
        WorkflowRun b = local.buildOnAgent(j, """
                node('ec2') {
                  withEcr {
                    sh '''
                      docker tag local/busybox:latest $AWS_ECR_DOMAIN/cleanup-qa:night && docker push $AWS_ECR_DOMAIN/cleanup-qa:night
                      printf 'FROM local/busybox:latest\\\\nRUN echo $BUILD_TAG > /night\\\\n' | docker build --network host -q -t $AWS_ECR_DOMAIN/cleanup-qa:night -
                      docker push $AWS_ECR_DOMAIN/cleanup-qa:night
                    '''
                  }
                  sleep 1
                  def plan = ecrCleanup(repositories: 'cleanup-qa', untaggedOlderThan: '0m', protectedTags: ['night'])
                  echo "dry run: planned ${plan.planned} of ${plan.images}, deleted ${plan.deleted}"
                  def done = ecrCleanup(repositories: 'cleanup-qa', untaggedOlderThan: '0m', protectedTags: ['night'], dryRun: false)
                  echo "executed: deleted ${done.deleted} of ${done.planned}, failed ${done.failed}"
                }
                """);
        j.assertLogContains("dry run: planned 1 of 2, deleted 0", b);
        j.assertLogContains("executed: deleted 1 of 1, failed 0", b);
        assertNotNull("the tagged image stays", local.digest("cleanup-qa", "night"));
        List<CleanupAction> actions = b.getActions(CleanupAction.class);
        assertEquals(2, actions.size());
        assertFalse(actions.get(0).isExecuted());
        assertEquals(1, actions.get(1).getDeleted());
        assertEquals(List.of("ecr-cleanup-plan.json"), b.getArtifacts().stream().map(a -> a.relativePath).toList());
    }

    @Test
    public void aStepOutsideNodeSaysWhatItNeeds() throws Exception {
        WorkflowJob job = j.createProject(WorkflowJob.class);
        job.setDefinition(new CpsFlowDefinition("intermediateBuild()", true));
        WorkflowRun b = j.buildAndAssertStatus(hudson.model.Result.FAILURE, job);
        j.assertLogContains("Perhaps you forgot to surround the code with a step that provides this, such as: node", b);
        assertNull(b.getAction(ImageBuildAction.class));
    }
}
