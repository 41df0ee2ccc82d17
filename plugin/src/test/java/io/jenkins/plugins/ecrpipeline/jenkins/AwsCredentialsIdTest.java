package io.jenkins.plugins.ecrpipeline.jenkins;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import com.cloudbees.hudson.plugins.folder.Folder;
import com.cloudbees.jenkins.plugins.awscredentials.AWSCredentialsImpl;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.CredentialsStore;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import com.cloudbees.plugins.credentials.domains.Domain;
import hudson.model.Fingerprint;
import hudson.model.Item;
import hudson.model.Label;
import hudson.model.Result;
import hudson.slaves.DumbSlave;
import io.jenkins.plugins.ecrpipeline.localaws.LocalAwsServer;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;
import jenkins.model.Jenkins;
import net.sf.json.JSONArray;
import net.sf.json.JSONObject;
import org.htmlunit.HttpMethod;
import org.htmlunit.WebRequest;
import org.htmlunit.WebResponse;
import org.htmlunit.util.NameValuePair;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.support.steps.input.InputAction;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.jvnet.hudson.test.BuildWatcher;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.ecr.EcrClient;

/**
 * {@code credentialsId}: a job in a folder acts with the folder's AWS credentials (an IAM user's access key in another
 * account than the agent's role) instead of the agent's own identity, in the agent JVM and in a durable step's process;
 * the secret key never reaches the log or a file; only those who may configure the job see the credentials listed.
 */
public class AwsCredentialsIdTest {
    /** The team's own account; the agent's role is in 111111111111. */
    private static final String TEAM_ACCOUNT = "222222222222";

    @ClassRule
    public static BuildWatcher buildWatcher = new BuildWatcher();

    @ClassRule
    public static LocalAws local = new LocalAws();

    @Rule
    public JenkinsRule j = new JenkinsRule();

    /** What {@link #teamFolder} stored. */
    private AWSCredentialsImpl teamCredentials;

    /** A folder whose own credentials store holds the AWS credentials {@code team-aws}. */
    private Folder teamFolder(String accessKeyId, String secretKey) throws Exception {
        Folder team = j.jenkins.createProject(Folder.class, "team");
        CredentialsStore store = StreamSupport.stream(CredentialsProvider.lookupStores(team).spliterator(), false)
                .filter(s -> s.getContext() == team).findFirst().orElseThrow();
        teamCredentials = new AWSCredentialsImpl(CredentialsScope.GLOBAL, "team-aws", accessKeyId, secretKey, "the team's own");
        store.addCredentials(Domain.global(), teamCredentials);
        return team;
    }

    @Test
    public void stepsActWithTheFoldersCredentialsInsteadOfTheAgentsRole() throws Exception {
        LocalAwsServer.AccessKey keys = local.aws.server.issueUserKeys(TEAM_ACCOUNT, "team-ci");
        try (EcrClient ecr = local.aws.ecr(StaticCredentialsProvider.create(AwsBasicCredentials.create(keys.accessKeyId(), keys.secretAccessKey())))) {
            if (ecr.describeRepositories().repositories().stream().noneMatch(r -> r.repositoryName().equals("team-only"))) {
                ecr.createRepository(r -> r.repositoryName("team-only"));
            }
        }
        Folder team = teamFolder(keys.accessKeyId(), keys.secretAccessKey());
        DumbSlave agent = j.createOnlineSlave(Label.get("ec2"), local.agentEnvironment("agent"));
        WorkflowJob job = team.createProject(WorkflowJob.class, "nightly");
        job.setDefinition(new CpsFlowDefinition("""
                node('ec2') {
                  withAwsRole(credentialsId: 'team-aws') {
                    sh 'echo "id=$AWS_ACCESS_KEY_ID key=$AWS_SECRET_ACCESS_KEY token=${AWS_SESSION_TOKEN:-none}"'
                  }
                  echo "ecrDockerLogin: ${ecrDockerLogin(credentialsId: 'team-aws')}"
                  def plan = ecrCleanup(credentialsId: 'team-aws', repositories: 'team-only', untaggedOlderThan: '1d')
                  echo "team-only with the team's credentials: ${plan.images} image(s)"
                  try {
                    ecrCleanup(repositories: 'team-only', untaggedOlderThan: '1d')
                  } catch (e) {
                    echo "team-only with the agent's role: ${e.message}"
                  }
                  withAwsRole(credentialsId: 'team-aws', role: 'arn:aws:iam::111111111111:role/deployer') {
                    sh 'echo "role id=$AWS_ACCESS_KEY_ID"'
                    input 'Checked?'
                  }
                }
                """, true));
        WorkflowRun b = job.scheduleBuild2(0).waitForStart();
        j.waitForMessage("Checked?", b);
        Path home = j.jenkins.getRootDir().toPath();
        Path agentRoot = Path.of(agent.getRemoteFS());
        // While the block waits, its state saved with the Pipeline: the secret key is in no file of Jenkins or the agent.
        assertEquals(List.of(), SecretSearch.filesHolding(Set.of(keys.secretAccessKey()), home, agentRoot));
        approveInput(b);
        j.assertBuildStatusSuccess(j.waitForCompletion(b));

        j.assertLogContains("id=" + keys.accessKeyId() + " key=**** token=none", b);
        j.assertLogContains("withAwsRole: AWS credentials bound (AWS_ACCESS_KEY_ID, AWS_DEFAULT_REGION, AWS_REGION, AWS_SECRET_ACCESS_KEY) "
                + "from the AWS credentials 'team-aws'", b);
        j.assertLogContains("ecrDockerLogin: [" + local.aws.server.registryHosts().get(TEAM_ACCOUNT) + "]", b);
        j.assertLogContains("team-only with the team's credentials: 0 image(s)", b);
        j.assertLogContains("team-only with the agent's role: ecrCleanup: ", b);
        j.assertLogContains("role id=ASIA", b);
        j.assertLogNotContains("role id=" + keys.accessKeyId(), b);
        j.assertLogNotContains(keys.secretAccessKey(), b);
        assertEquals(List.of(), SecretSearch.filesHolding(Set.of(keys.secretAccessKey()), home, agentRoot));
        Fingerprint usage = CredentialsProvider.getFingerprintOf(teamCredentials);
        assertNotNull("the credentials' use is recorded", usage);
        assertTrue(usage.getJobs().toString(), usage.getJobs().contains(job.getFullName()));
    }

    private static void approveInput(WorkflowRun b) throws Exception {
        InputAction input = b.getAction(InputAction.class);
        while (input == null || input.getExecutions().isEmpty()) {
            Thread.sleep(100);
            input = b.getAction(InputAction.class);
        }
        input.getExecutions().get(0).proceed((Map<String, Object>) null);
    }

    /** A folder's credentials are its jobs' alone: a job elsewhere that names them is told, in one line, what to do. */
    @Test
    public void aJobOutsideTheFolderDoesNotGetItsCredentials() throws Exception {
        teamFolder("AKIAEXAMPLEEXAMPLE00", "not-a-real-secret");
        WorkflowJob elsewhere = j.createProject(WorkflowJob.class, "elsewhere");
        elsewhere.setDefinition(new CpsFlowDefinition("node { withAwsRole(credentialsId: 'team-aws') { echo 'never' } }", true));
        WorkflowRun b = j.buildAndAssertStatus(Result.FAILURE, elsewhere);
        j.assertLogContains("withAwsRole: no AWS credentials 'team-aws' for this job: add them (kind AWS Credentials) to Jenkins or to one of "
                + "the job's folders, or correct credentialsId", b);
        j.assertLogNotContains("never", b);
    }

    /**
     * Credentials with an empty secret key would read as unset on the agent, whose own role would then act under the
     * credentials' name: they are refused, in one line.
     */
    @Test
    public void credentialsWithoutKeysAreRefusedRatherThanFallingBackToTheAgentsRole() throws Exception {
        SystemCredentialsProvider.getInstance().getCredentials().add(new AWSCredentialsImpl(CredentialsScope.GLOBAL, "keyless",
                "AKIAEXAMPLEEXAMPLE02", "", "no secret key"));
        SystemCredentialsProvider.getInstance().save();
        j.createOnlineSlave(Label.get("ec2"), local.agentEnvironment("agent"));
        WorkflowJob job = j.createProject(WorkflowJob.class, "keyless");
        job.setDefinition(new CpsFlowDefinition("node('ec2') { withAwsRole(credentialsId: 'keyless') { echo 'acted as ' + env.AWS_ACCESS_KEY_ID } }", true));
        WorkflowRun b = j.buildAndAssertStatus(Result.FAILURE, job);
        j.assertLogContains("withAwsRole: the AWS credentials 'keyless' have an empty access key or secret key: give both, or leave "
                + "credentialsId empty to use the agent's role", b);
        j.assertLogNotContains("acted as", b);
    }

    /** The form's list of credentials follows the Credentials plugin's rule: configure the job, or administer Jenkins. */
    @Test
    public void onlyThoseWhoMayConfigureTheJobSeeItsAwsCredentialsListed() throws Exception {
        Folder team = teamFolder("AKIAEXAMPLEEXAMPLE00", "not-a-real-secret");
        SystemCredentialsProvider.getInstance().getCredentials().add(new AWSCredentialsImpl(CredentialsScope.GLOBAL, "global-aws",
                "AKIAEXAMPLEEXAMPLE01", "not-a-real-secret-either", "Jenkins-wide"));
        SystemCredentialsProvider.getInstance().save();
        WorkflowJob job = team.createProject(WorkflowJob.class, "nightly");
        j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.ADMINISTER).everywhere().to("admin")
                .grant(Jenkins.READ).everywhere().to("configurer", "reader")
                .grant(Item.READ).onItems(team, job).to("configurer", "reader")
                .grant(Item.CONFIGURE).onItems(job).to("configurer"));

        String inJob = "job/team/job/nightly/";
        assertEquals(List.of("", "global-aws", "team-aws"), listed("configurer", inJob));
        // Anyone else sees the current value alone (here the empty one): no id of the folder's credentials.
        assertEquals(List.of(""), listed("reader", inJob));
        // Outside any job (the Snippet Generator of Jenkins itself): Jenkins' own credentials, to administrators only.
        assertEquals(List.of("", "global-aws"), listed("admin", ""));
        assertEquals(List.of(""), listed("configurer", ""));

        JenkinsRule.WebClient web = j.createWebClient().withThrowExceptionOnFailingStatusCode(false).login("admin");
        WebResponse get = web.goTo(inJob + fillPath(), null).getWebResponse();
        assertFalse("a GET lists nothing: " + get.getContentAsString(), get.getContentAsString().contains("team-aws"));
    }

    /** The credentials ids the form's list offers {@code user} under {@code path} (a job's URL, or Jenkins' own). */
    private List<String> listed(String user, String path) throws Exception {
        JenkinsRule.WebClient web = j.createWebClient().login(user);
        WebRequest post = new WebRequest(new URL(j.getURL(), path + fillPath()), HttpMethod.POST);
        post.setRequestParameters(List.of(new NameValuePair("credentialsId", "")));
        JSONArray values = JSONObject.fromObject(web.getPage(web.addCrumb(post)).getWebResponse().getContentAsString()).getJSONArray("values");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            ids.add(values.getJSONObject(i).getString("value"));
        }
        return ids.stream().sorted().toList();
    }

    private static String fillPath() {
        return "descriptorByName/" + WithAwsRoleStep.class.getName() + "/fillCredentialsIdItems";
    }
}
