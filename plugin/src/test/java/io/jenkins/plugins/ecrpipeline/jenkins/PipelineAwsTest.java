package io.jenkins.plugins.ecrpipeline.jenkins;

import static org.junit.Assert.assertNotNull;

import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.jvnet.hudson.test.BuildWatcher;
import org.jvnet.hudson.test.JenkinsRule;

/**
 * Next to pipeline-aws (loaded from the test classpath), whose own {@code ecrLogin} step shares our step's name:
 * Pipeline calls the bare name ambiguous and names both steps; ours answers to its class name. The other steps'
 * names are ours alone.
 */
public class PipelineAwsTest {
    @ClassRule
    public static BuildWatcher buildWatcher = new BuildWatcher();

    @ClassRule
    public static LocalAws local = new LocalAws();

    @Rule
    public JenkinsRule j = new JenkinsRule();

    @Test
    public void ourEcrLoginAnswersToItsClassNameAndTheBareNameIsReportedAmbiguous() throws Exception {
        local.createRepositories("aws-qa");
        WorkflowRun b = local.buildOnAgent(j, """
                node('ec2') {
                  def hosts = steps.'io.jenkins.plugins.ecrpipeline.jenkins.EcrLoginStep'()
                  echo "logged in by class name: ${hosts}"
                  sh "docker tag local/busybox:latest ${hosts[0]}/aws-qa:by-class-name && docker push ${hosts[0]}/aws-qa:by-class-name"
                  withEcr { sh 'echo "withEcr: $AWS_ECR_DOMAIN"' }
                  withAwsRole { sh 'echo "withAwsRole: $AWS_REGION"' }
                  catchError(buildResult: 'SUCCESS', stageResult: 'SUCCESS') {
                    ecrLogin()
                  }
                }
                """);
        j.assertLogContains("logged in by class name: [" + local.registry() + "]", b);
        assertNotNull(local.digest("aws-qa", "by-class-name"));
        j.assertLogContains("withEcr: " + local.registry(), b);
        j.assertLogContains("withAwsRole: eu-west-1", b);
        j.assertLogContains("Warning: Invoking ambiguous Pipeline Step ‘ecrLogin’", b);
        j.assertLogContains("[de.taimos.pipeline.aws.ECRLoginStep, io.jenkins.plugins.ecrpipeline.jenkins.EcrLoginStep]", b);
    }
}
