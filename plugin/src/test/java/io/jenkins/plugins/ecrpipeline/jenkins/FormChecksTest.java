package io.jenkins.plugins.ecrpipeline.jenkins;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.jenkins.plugins.ecrpipeline.FieldChecks;
import java.lang.reflect.Method;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.htmlunit.HttpMethod;
import org.htmlunit.WebRequest;
import org.htmlunit.WebResponse;
import org.htmlunit.util.NameValuePair;
import org.jenkinsci.plugins.structs.describable.DescribableModel;
import org.jenkinsci.plugins.structs.describable.DescribableParameter;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.junit.Rule;
import org.junit.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.kohsuke.stapler.verb.POST;

/**
 * The steps' forms check regions, ages, durations, regular expressions and keep rules as they are typed, with the
 * engine's own validators: a wrong value gets the message the engine gives, through the URL the form calls (POST).
 */
public class FormChecksTest {
    /** The fields of these names are checked wherever a step has one. */
    private static final Set<String> CHECKED = Set.of("region", "regions", "untaggedOlderThan", "taggedOlderThan", "serviceTimeout", "pattern",
            "tagPattern", "protectedTags", "keep");

    @Rule
    public JenkinsRule j = new JenkinsRule();

    /** A step's field, a wrong value, a right one, and the engine's message for the wrong one. */
    private record Case(Class<? extends Step> step, String field, String wrong, String right, Optional<String> engine) {
    }

    private static final List<Case> CASES = List.of(
            new Case(WithAwsRoleStep.class, "region", "eu_west_1", "eu-west-1", FieldChecks.region("eu_west_1", "region")),
            new Case(IntermediateBuildStep.class, "region", "EU-WEST-1", "eu-west-1", FieldChecks.region("EU-WEST-1", "region")),
            new Case(EcrPromoteStep.class, "region", "eu-west", "us-east-1", FieldChecks.region("eu-west", "region")),
            new Case(EcrDeployStep.class, "region", "frankfurt", "eu-central-1", FieldChecks.region("frankfurt", "region")),
            new Case(EcrCleanupStep.class, "region", "eu west 1", "us-gov-west-1", FieldChecks.region("eu west 1", "region")),
            new Case(EcrLoginStep.class, "regions", "eu-west-1, Frankfurt", "eu-west-1 us-east-1", FieldChecks.region("Frankfurt", "regions")),
            new Case(WithEcrStep.class, "regions", "eu-west-1 eu_central_1", "eu-west-1,us-east-1", FieldChecks.region("eu_central_1", "regions")),
            new Case(IntermediateBuildStep.class, "serviceTimeout", "30 minutes", "1h30m", FieldChecks.duration("30 minutes", "service timeout")),
            new Case(IntermediateBuildStep.class, "pattern", "-(production", "-(production|qa)$", FieldChecks.servicePattern("-(production")),
            new Case(EcrCleanupStep.class, "untaggedOlderThan", "14", "14d", FieldChecks.age("14", "untaggedOlderThan")),
            new Case(EcrCleanupStep.class, "taggedOlderThan", "3 days", "90d", FieldChecks.age("3 days", "taggedOlderThan")),
            new Case(EcrCleanupStep.class, "tagPattern", "pr-[0-9+", "pr-[0-9]+", FieldChecks.regex("pr-[0-9+", "tagPattern")),
            new Case(EcrCleanupStep.class, "protectedTags", "production\n\nv[0-9.+", "production\nv[0-9.]+",
                    FieldChecks.regex("v[0-9.+", "protectedTags[1]")),
            new Case(EcrCleanupStep.class, "keep", "14=intermediate-(.*)\n-1=release-(.*)", "14=intermediate-(.*)\r\n3=release-(.*)\n",
                    FieldChecks.keepRule("-1=release-(.*)", "keep[1]")));

    @Test
    public void aWrongValueGetsTheEnginesMessage() throws Exception {
        for (Case c : CASES) {
            String message = c.engine().orElseThrow(() -> new AssertionError(c + ": the engine accepts the wrong value"));
            String answer = check(c.step(), c.field(), c.wrong());
            assertTrue(c.step().getSimpleName() + "." + c.field() + ": " + answer, answer.contains("class=\"error\"")
                    && answer.contains(hudson.Util.escape(message)));
        }
        // What a user reads under the keep field, word for word.
        assertTrue(check(EcrCleanupStep.class, "keep", "10=intermediate-(.*)\n3=release-(.*").contains(
                "invalid regular expression &#039;release-(.*&#039; in keep[1].tagGroup: Unclosed group near index 11"));
    }

    @Test
    public void rightAndEmptyValuesPass() throws Exception {
        for (Case c : CASES) {
            for (String value : List.of(c.right(), "", "  ")) {
                String answer = check(c.step(), c.field(), value);
                assertFalse(c.step().getSimpleName() + "." + c.field() + " '" + value + "': " + answer, answer.contains("error"));
            }
        }
    }

    /** Every field of those kinds, on every step, has a check that answers POST only, and its form field asks by POST. */
    @Test
    public void everyRegionAgeDurationPatternAndKeepFieldIsCheckedByPost() throws Exception {
        List<String> missing = new ArrayList<>();
        for (Class<? extends Step> step : StepFormsTest.STEPS) {
            String form = StepFormsTest.form(step);
            for (DescribableParameter parameter : new DescribableModel<>(step).getParameters()) {
                String field = parameter.getName();
                if (!CHECKED.contains(field)) {
                    continue;
                }
                String name = step.getSimpleName() + "." + field;
                if (CASES.stream().noneMatch(c -> c.step() == step && c.field().equals(field))) {
                    missing.add(name + ": no case in this test");
                }
                Method method = findCheck(step, field);
                if (method == null || !method.isAnnotationPresent(POST.class)) {
                    missing.add(name + ": no @POST doCheck" + capitalized(field));
                }
                if (!form.matches("(?s).*<f:entry field=\"" + field + "\"[^>]*><f:(textbox|textarea)[^>]* checkMethod=\"post\".*")) {
                    missing.add(name + ": the form field does not check by POST");
                }
            }
        }
        assertEquals(List.of(), missing);
    }

    /** A GET (a link, an image tag on another site) does not reach a check. */
    @Test
    public void aCheckAnswersNoGet() throws Exception {
        JenkinsRule.WebClient web = j.createWebClient().withThrowExceptionOnFailingStatusCode(false);
        WebResponse get = web.goTo(checkPath(EcrCleanupStep.class, "keep") + "?value=-1%3Dx", null).getWebResponse();
        assertTrue("GET is answered " + get.getStatusCode(), get.getStatusCode() == 404 || get.getStatusCode() == 405);
        assertFalse(get.getContentAsString().contains("invalid count"));
    }

    private String check(Class<? extends Step> step, String field, String value) throws Exception {
        JenkinsRule.WebClient web = j.createWebClient();
        WebRequest post = new WebRequest(new URL(j.getURL(), checkPath(step, field)), HttpMethod.POST);
        post.setRequestParameters(List.of(new NameValuePair("value", value)));
        WebResponse response = web.getPage(web.addCrumb(post)).getWebResponse();
        assertEquals(step.getSimpleName() + "." + field, 200, response.getStatusCode());
        return response.getContentAsString();
    }

    private static String checkPath(Class<? extends Step> step, String field) {
        return "descriptorByName/" + step.getName() + "/check" + capitalized(field);
    }

    private Method findCheck(Class<? extends Step> step, String field) {
        Class<?> descriptor = j.jenkins.getDescriptorOrDie(step).getClass();
        for (Method method : descriptor.getMethods()) {
            if (method.getName().equals("doCheck" + capitalized(field))) {
                return method;
            }
        }
        return null;
    }

    private static String capitalized(String field) {
        return Character.toUpperCase(field.charAt(0)) + field.substring(1);
    }

    /** The step, when it runs, refuses the value with the engine's message too (there the field is the policy's first rule). */
    @Test
    public void theStepRefusesWhatTheFormRefuses() throws Exception {
        org.jenkinsci.plugins.workflow.job.WorkflowJob job = j.createProject(org.jenkinsci.plugins.workflow.job.WorkflowJob.class);
        job.setDefinition(new org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition("node { ecrCleanup(repositories: 'web', untaggedOlderThan: '14') }", true));
        org.jenkinsci.plugins.workflow.job.WorkflowRun run = j.buildAndAssertStatus(hudson.model.Result.FAILURE, job);
        j.assertLogContains("ecrCleanup: " + FieldChecks.age("14", "rules[0].untaggedOlderThan").orElseThrow(), run);
        assertTrue(check(EcrCleanupStep.class, "untaggedOlderThan", "14").contains(
                hudson.Util.escape(FieldChecks.age("14", "untaggedOlderThan").orElseThrow())));
    }
}
