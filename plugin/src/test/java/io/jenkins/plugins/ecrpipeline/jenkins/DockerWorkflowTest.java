package io.jenkins.plugins.ecrpipeline.jenkins;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.jvnet.hudson.test.BuildWatcher;
import org.jvnet.hudson.test.JenkinsRule;

/**
 * docker-workflow's {@code docker} global inside {@code withEcr}: {@code docker.build(...).push()} and
 * {@code docker.withRegistry} push to ECR with the agent's own role, through the block's logged-in DOCKER_CONFIG.
 * The local stack's plain registry (htpasswd login) stands in for Docker Hub.
 */
public class DockerWorkflowTest {
    private static final String DOCKERFILE = "writeFile file: 'Dockerfile', text: 'FROM local/busybox:latest\\nRUN echo $RANDOM > /built\\n'\n";

    @ClassRule
    public static BuildWatcher buildWatcher = new BuildWatcher();

    @ClassRule
    public static LocalAws local = new LocalAws();

    @Rule
    public JenkinsRule j = new JenkinsRule();

    private WorkflowRun run(String script) throws Exception {
        local.createRepositories("dw-qa");
        return local.buildOnAgent(j, "node('ec2') {\n" + DOCKERFILE + script + "\n}");
    }

    @Test
    public void dockerBuildAndPushInsideWithEcr() throws Exception {
        run("""
                withEcr {
                  def image = docker.build("${env.AWS_ECR_DOMAIN}/dw-qa:build-${env.BUILD_NUMBER}", '--network host .')
                  image.push()
                  image.push('latest')
                }
                """);
        String digest = local.digest("dw-qa", "build-1");
        assertNotNull("docker-workflow pushed to the local ECR", digest);
        assertEquals(digest, local.digest("dw-qa", "latest"));
    }

    @Test
    public void withRegistryWithoutCredentialsInsideWithEcrUsesTheEcrLogin() throws Exception {
        run("""
                withEcr {
                  docker.withRegistry("https://${env.AWS_ECR_DOMAIN}") {
                    docker.build('dw-qa:with-registry', '--network host .').push()
                  }
                }
                """);
        assertNotNull("pushed as <ECR host>/dw-qa:with-registry", local.digest("dw-qa", "with-registry"));
    }

    @Test
    public void aNestedWithRegistryLogsInToItsRegistryAndTheEcrLoginHoldsAroundIt() throws Exception {
        SystemCredentialsProvider.getInstance().getCredentials().add(new UsernamePasswordCredentialsImpl(CredentialsScope.GLOBAL, "hub",
                "the local stack's registry, standing in for Docker Hub", local.stack.registryUser(), local.stack.registryPassword()));
        String hub = local.stack.registry();
        WorkflowRun b = run("""
                withEcr {
                  docker.build("${env.AWS_ECR_DOMAIN}/dw-qa:before-nested", '--network host .').push()
                  docker.withRegistry('http://%s', 'hub') {
                    docker.build('ecr-pipeline-tests/hub-qa:nested', '--network host .').push()
                  }
                  sh 'docker tag ecr-pipeline-tests/hub-qa:nested $AWS_ECR_DOMAIN/dw-qa:after-nested && docker push $AWS_ECR_DOMAIN/dw-qa:after-nested'
                }
                """.formatted(hub));
        assertNotNull(local.digest("dw-qa", "before-nested"));
        assertNotNull("the ECR login still works after the nested block", local.digest("dw-qa", "after-nested"));
        assertEquals("the nested block pushed to its own registry with its own login", 200,
                local.stack.registryGet("/v2/ecr-pipeline-tests/hub-qa/manifests/nested",
                        "Accept", "application/vnd.docker.distribution.manifest.v2+json").statusCode());
        j.assertLogContains("docker push " + hub + "/ecr-pipeline-tests/hub-qa:nested", b);
    }
}
