package io.jenkins.plugins.ecrpipeline.jenkins;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.jvnet.hudson.test.BuildWatcher;
import org.jvnet.hudson.test.JenkinsRule;

/**
 * Next to pipeline-aws (loaded from the test classpath), whose own {@code ecrLogin} step returns a docker login
 * command with the password: no step name is shared, {@code ecrLogin} is pipeline-aws's without any ambiguity, and
 * ours ({@code ecrDockerLogin}, {@code withEcr}, ...) are ours.
 */
public class PipelineAwsTest {
    @ClassRule
    public static BuildWatcher buildWatcher = new BuildWatcher();

    @ClassRule
    public static LocalAws local = new LocalAws();

    @Rule
    public JenkinsRule j = new JenkinsRule();

    @Test
    public void noStepNameIsSharedWithPipelineAws() {
        Map<String, List<String>> byName = StepDescriptor.all().stream().collect(Collectors.groupingBy(StepDescriptor::getFunctionName,
                Collectors.mapping(d -> d.clazz.getName(), Collectors.toList())));
        assertEquals(List.of("de.taimos.pipeline.aws.ECRLoginStep"), byName.get("ecrLogin"));
        for (String ours : List.of("intermediateBuild", "withAwsRole", "ecrDockerLogin", "withEcr", "ecrPromote", "ecrDeploy", "ecrCleanup")) {
            assertEquals(ours + " is one step", 1, byName.get(ours).size());
            assertTrue(ours, byName.get(ours).get(0).startsWith("io.jenkins.plugins.ecrpipeline."));
        }
    }

    @Test
    public void bothPluginsStepsRunUnderTheirOwnNamesWithoutAnAmbiguityWarning() throws Exception {
        local.createRepositories("aws-qa");
        WorkflowRun b = local.buildOnAgent(j, """
                node('ec2') {
                  def hosts = ecrDockerLogin()
                  echo "logged in: ${hosts}"
                  sh "docker tag local/busybox:latest ${hosts[0]}/aws-qa:ours && docker push ${hosts[0]}/aws-qa:ours"
                  withEcr { sh 'echo "withEcr: $AWS_ECR_DOMAIN"' }
                  withAwsRole { sh 'echo "withAwsRole: $AWS_REGION"' }
                  catchError(buildResult: 'SUCCESS', stageResult: 'SUCCESS') {
                    ecrLogin()
                  }
                }
                """);
        j.assertLogContains("logged in: [" + local.registry() + "]", b);
        assertNotNull(local.digest("aws-qa", "ours"));
        j.assertLogContains("withEcr: " + local.registry(), b);
        j.assertLogContains("withAwsRole: eu-west-1", b);
        j.assertLogNotContains("ambiguous", b);
    }
}
