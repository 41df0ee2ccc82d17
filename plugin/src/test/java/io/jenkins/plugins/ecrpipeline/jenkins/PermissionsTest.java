package io.jenkins.plugins.ecrpipeline.jenkins;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import hudson.model.Item;
import io.jenkins.plugins.ecrpipeline.intermediatebuild.BuildReport;
import io.jenkins.plugins.ecrpipeline.intermediatebuild.ServiceResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import jenkins.model.Jenkins;
import org.htmlunit.Page;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.Before;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.jvnet.hudson.test.BuildWatcher;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;

/**
 * What the plugin shows (the build page summaries, the job's image trend and its JSON) follows the job's permissions:
 * Item/Read to see it, nothing at all without.
 */
public class PermissionsTest {
    private static final String DIGEST = "sha256:" + "5e".repeat(32);

    @ClassRule
    public static BuildWatcher buildWatcher = new BuildWatcher();

    @Rule
    public JenkinsRule j = new JenkinsRule();

    private WorkflowRun build;

    /** A nightly job whose build carries an image build summary, as intermediateBuild leaves it. */
    @Before
    public void nightlyJobWithASummary() throws Exception {
        WorkflowJob job = j.createProject(WorkflowJob.class, "nightly");
        job.setDefinition(new CpsFlowDefinition("node { writeFile file: 'ecr-image-pipeline-report.json', text: '{\"services\": "
                + "[{\"service\": \"payments-production\"}]}'; archiveArtifacts 'ecr-image-pipeline-report.json' }", true));
        j.createProject(WorkflowJob.class, "unrelated").setDefinition(new CpsFlowDefinition("echo 'no images here'", true));
        j.buildAndAssertSuccess(j.jenkins.getItemByFullName("unrelated", WorkflowJob.class));
        build = j.buildAndAssertSuccess(job);
        build.addAction(new ImageBuildAction(new BuildReport(Instant.now(), Instant.now(), "20261207030000", List.of(new ServiceResult(
                "payments-production", "registry.example/payments-production:intermediate", ServiceResult.Outcome.PUSHED, DIGEST, null,
                42L << 20, Duration.ofSeconds(17), null, List.of("intermediate"))))));
        build.save();
        j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.ADMINISTER).everywhere().to("admin")
                .grant(Jenkins.READ).everywhere().to("reader", "stranger")
                .grant(Item.READ).onItems(job).to("reader"));
    }

    @Test
    public void aUserWhoMayReadTheJobSeesTheSummaryAndTheTrend() throws Exception {
        JenkinsRule.WebClient reader = j.createWebClient().login("reader");
        String page = reader.getPage(build).getWebResponse().getContentAsString();
        assertTrue(page, page.contains("Nightly images") && page.contains("payments-production") && page.contains(DIGEST));
        // HtmlUnit cannot run the echarts-api plugin's scripts; the real-browser tests (PagesInBrowserIT) draw the chart.
        String job = j.createWebClient().withJavaScriptEnabled(false).login("reader").goTo("job/nightly/").getWebResponse().getContentAsString();
        assertTrue(job, job.contains("class=\"ecr-trend__chart\"") && job.contains("Nightly images"));
        String json = reader.goTo("job/nightly/ecr-image-trend/json", "application/json").getWebResponse().getContentAsString();
        assertEquals("{\"job\":\"nightly\",\"builds\":[{\"number\":1,\"name\":\"#1\",\"url\":\"job/nightly/1/\",\"result\":\"SUCCESS\"}],"
                + "\"points\":[{\"build\":1,\"service\":\"payments-production\",\"durationMillis\":17000,"
                + "\"sizeBytes\":44040192,\"result\":\"pushed\",\"failed\":false}]}", json);
    }

    @Test
    public void withoutItemReadTheJobItsBuildsAndItsTrendAreNotThere() throws Exception {
        JenkinsRule.WebClient stranger = j.createWebClient().withThrowExceptionOnFailingStatusCode(false).login("stranger");
        for (String path : List.of("job/nightly/", "job/nightly/1/", "job/nightly/ecr-image-trend/json",
                "job/nightly/1/artifact/ecr-image-pipeline-report.json")) {
            Page page = stranger.goTo(path, null);
            assertEquals(path, 404, page.getWebResponse().getStatusCode());
            assertFalse(path, page.getWebResponse().getContentAsString().contains("payments-production"));
        }
    }

    @Test
    public void theTrendJsonAnswersGetOnlyAndOnlyOnJobsThatBuiltImages() throws Exception {
        JenkinsRule.WebClient admin = j.createWebClient().withThrowExceptionOnFailingStatusCode(false).login("admin");
        org.htmlunit.WebRequest post = new org.htmlunit.WebRequest(new java.net.URL(j.getURL(), "job/nightly/ecr-image-trend/json"),
                org.htmlunit.HttpMethod.POST);
        // Stapler's @GET cancels the dispatch of any other verb, so a POST finds nothing there.
        org.htmlunit.WebResponse posted = admin.getPage(admin.addCrumb(post)).getWebResponse();
        assertEquals(404, posted.getStatusCode());
        assertFalse(posted.getContentAsString().contains("payments-production"));
        assertEquals(200, admin.goTo("job/nightly/ecr-image-trend/json", "application/json").getWebResponse().getStatusCode());
        assertEquals(200, admin.goTo("job/nightly/1/artifact/ecr-image-pipeline-report.json", null).getWebResponse().getStatusCode());
        assertEquals("a job that never built images has no trend", 404,
                admin.goTo("job/unrelated/ecr-image-trend/json", null).getWebResponse().getStatusCode());
        assertFalse(admin.goTo("job/unrelated/").getWebResponse().getContentAsString().contains("ecr-image-trend"));
        assertFalse(admin.goTo("job/unrelated/").getWebResponse().getContentAsString().contains("ecr-trend"));
    }

    @Test
    public void anonymousUsersAreAskedToLogIn() throws Exception {
        JenkinsRule.WebClient anonymous = j.createWebClient();
        for (String path : List.of("job/nightly/", "job/nightly/1/", "job/nightly/ecr-image-trend/json")) {
            anonymous.assertFails(path, 403);
        }
    }
}
