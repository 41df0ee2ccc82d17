package io.jenkins.plugins.ecrpipeline.jenkins;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import com.cloudbees.jenkins.plugins.awscredentials.AWSCredentialsImpl;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jenkinsci.plugins.structs.describable.DescribableModel;
import org.jenkinsci.plugins.structs.describable.DescribableParameter;
import org.jenkinsci.plugins.workflow.cps.SnippetizerTester;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepConfigTester;
import org.junit.Before;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.jvnet.hudson.test.BuildWatcher;
import org.jvnet.hudson.test.JenkinsRule;

/**
 * Every parameter of every step survives the step's form (the Snippet Generator's, {@code config.jelly}) and the
 * Snippet Generator's Groovy both ways; every parameter has a field, and every field has help.
 */
public class StepFormsTest {
    static final List<Class<? extends Step>> STEPS = List.of(IntermediateBuildStep.class, WithAwsRoleStep.class, EcrLoginStep.class,
            WithEcrStep.class, EcrPromoteStep.class, EcrDeployStep.class, EcrCleanupStep.class);
    private static final String ROLE = "arn:aws:iam::222222222222:role/deployer";
    private static final String REGISTRY = "123456789012.dkr.ecr.eu-west-1.amazonaws.com";
    private static final String DIGEST = "sha256:" + "ab".repeat(32);
    /** AWS credentials in Jenkins, so that the forms' lists offer them. */
    private static final String AWS = "aws-ci";

    @ClassRule
    public static BuildWatcher buildWatcher = new BuildWatcher();

    @Rule
    public JenkinsRule j = new JenkinsRule();

    @Before
    public void awsCredentials() throws IOException {
        SystemCredentialsProvider.getInstance().getCredentials().add(new AWSCredentialsImpl(CredentialsScope.GLOBAL, AWS,
                "AKIAEXAMPLEEXAMPLE00", "not-a-real-secret", "CI"));
        SystemCredentialsProvider.getInstance().save();
    }

    /** Every parameter set, none to its default. */
    static IntermediateBuildStep intermediateBuild() {
        IntermediateBuildStep step = new IntermediateBuildStep();
        step.setCompose("ci/compose.yml");
        step.setServices("web-production web-qa");
        step.setPattern("-(production|qa)$");
        step.setRegistry(REGISTRY + "/team");
        step.setTag("nightly");
        step.setParallel(2);
        step.setBuildArgs(List.of("NPM_REGISTRY=https://npm.example.com", "MODE=ci"));
        step.setPush(false);
        step.setDocker("/usr/local/bin/docker");
        step.setNetwork("host");
        step.setEcrLogin(true);
        step.setRegion("eu-west-1");
        step.setReport("reports/build.json");
        step.setShard("1/2");
        step.setPushAttempts(5);
        step.setDatedTag("{tag}-{buildDate}");
        step.setRegistryCache(false);
        step.setOciLabels(false);
        step.setAttestations(true);
        step.setPull(true);
        step.setServiceTimeout("30m");
        step.setFailFast(true);
        step.setSmokeTests(List.of("web-qa=test -x /app/server", "web-production=true"));
        step.setSmokeTestNetwork("host");
        step.setCredentialsId(AWS);
        return step;
    }

    static WithAwsRoleStep withAwsRole() {
        WithAwsRoleStep step = new WithAwsRoleStep();
        step.setRegion("eu-central-1");
        step.setRole(ROLE);
        step.setExternalId("ext-42");
        step.setSessionName("nightly-deploy");
        step.setDuration(900);
        step.setCredentialsId(AWS);
        return step;
    }

    static <S extends EcrLoginArguments> S loginArguments(S step) {
        step.setRegions("eu-west-1 us-east-1");
        step.setRole(ROLE);
        step.setDocker("/usr/bin/docker");
        step.setRegistryIds("333333333333");
        step.setCredentialsId(AWS);
        return step;
    }

    static EcrPromoteStep ecrPromote() {
        EcrPromoteStep step = new EcrPromoteStep("production release-42");
        step.setImages(List.of(REGISTRY + "/web-production:candidate@" + DIGEST, REGISTRY + "/web-qa:candidate"));
        step.setServices("worker-production");
        step.setRegistry(REGISTRY);
        step.setFrom("candidate");
        step.setTargetRegistry("222222222222.dkr.ecr.eu-west-1.amazonaws.com");
        step.setEcrApi(false);
        step.setRegion("eu-west-1");
        step.setRole(ROLE);
        step.setReport("promotion.json");
        step.setCredentialsId(AWS);
        return step;
    }

    static EcrDeployStep ecrDeploy() {
        EcrDeployStep step = new EcrDeployStep("./deploy.sh \"$IMAGE@$IMAGE_DIGEST\"");
        step.setImages(List.of(REGISTRY + "/web-production:production@" + DIGEST, REGISTRY + "/worker-production:production@" + DIGEST));
        step.setAwsCredentials(false);
        step.setRole(ROLE);
        step.setRegion("eu-west-1");
        step.setCredentialsId(AWS);
        return step;
    }

    static EcrCleanupStep ecrCleanup() {
        EcrCleanupStep step = new EcrCleanupStep();
        step.setPolicy("cleanup.yaml");
        step.setRepositories("web-production web-qa");
        step.setRepositoryPatterns(List.of("team-a/.*"));
        step.setUntaggedOlderThan("7d");
        step.setKeep(List.of("14=intermediate-(.*)", "3=release-(.*)"));
        step.setTaggedOlderThan("90d");
        step.setTagPattern("pr-[0-9]+");
        step.setProtectedTags(List.of("production", "v[0-9.]+"));
        step.setInUse(List.of("web-production@" + DIGEST));
        step.setInUseFile("deployed.txt");
        step.setBuildCacheTag("nightly");
        step.setAllowEmptyRepository(true);
        step.setDryRun(false);
        step.setRegistry(REGISTRY);
        step.setEcrApi(false);
        step.setRegion("eu-west-1");
        step.setRole(ROLE);
        step.setPlanFile("plan.json");
        step.setCredentialsId(AWS);
        return step;
    }

    /** Saves {@code step} through its form and reads it back: every property must come back as it went in. */
    private void assertConfigRoundTrip(Step step) throws Exception {
        Step after = new StepConfigTester(j).configRoundTrip(step);
        j.assertEqualDataBoundBeans(step, after);
        // Every getter, not only those of the data-bound model: a parameter that lost its setter drops out of the model.
        assertEquals(properties(step), properties(after));
    }

    private static Map<String, Object> properties(Object bean) throws Exception {
        Map<String, Object> values = new TreeMap<>();
        for (Method getter : bean.getClass().getMethods()) {
            String name = getter.getName();
            if (getter.getParameterCount() == 0 && getter.getDeclaringClass() != Object.class && !name.equals("getDescriptor")
                    && (name.startsWith("get") || name.startsWith("is"))) {
                values.put(name, getter.invoke(bean));
            }
        }
        return values;
    }

    @Test
    public void intermediateBuildConfigRoundTrip() throws Exception {
        assertConfigRoundTrip(intermediateBuild());
    }

    @Test
    public void intermediateBuildSnippetRoundTrip() throws Exception {
        new SnippetizerTester(j).assertRoundTrip(intermediateBuild(), "intermediateBuild attestations: true, "
                + "buildArgs: ['NPM_REGISTRY=https://npm.example.com', 'MODE=ci'], compose: 'ci/compose.yml', credentialsId: 'aws-ci', datedTag: '{tag}-{buildDate}', "
                + "docker: '/usr/local/bin/docker', ecrLogin: true, failFast: true, network: 'host', ociLabels: false, parallel: 2, "
                + "pattern: '-(production|qa)$', pull: true, push: false, pushAttempts: 5, region: 'eu-west-1', registry: '" + REGISTRY + "/team', "
                + "registryCache: false, report: 'reports/build.json', serviceTimeout: '30m', services: 'web-production web-qa', shard: '1/2', "
                + "smokeTestNetwork: 'host', smokeTests: ['web-qa=test -x /app/server', 'web-production=true'], tag: 'nightly'");
        new SnippetizerTester(j).assertRoundTrip(new IntermediateBuildStep(), "intermediateBuild()");
    }

    @Test
    public void withAwsRoleConfigRoundTrip() throws Exception {
        assertConfigRoundTrip(withAwsRole());
    }

    @Test
    public void withAwsRoleSnippetRoundTrip() throws Exception {
        new SnippetizerTester(j).assertRoundTrip(withAwsRole(), "withAwsRole(credentialsId: 'aws-ci', duration: 900, externalId: 'ext-42', region: 'eu-central-1', "
                + "role: '" + ROLE + "', sessionName: 'nightly-deploy') {\n    // some block\n}");
    }

    @Test
    public void ecrDockerLoginConfigRoundTrip() throws Exception {
        assertConfigRoundTrip(loginArguments(new EcrLoginStep()));
    }

    @Test
    public void ecrDockerLoginSnippetRoundTrip() throws Exception {
        new SnippetizerTester(j).assertRoundTrip(loginArguments(new EcrLoginStep()), "ecrDockerLogin credentialsId: 'aws-ci', docker: '/usr/bin/docker', "
                + "regions: 'eu-west-1 us-east-1', registryIds: '333333333333', role: '" + ROLE + "'");
    }

    @Test
    public void withEcrConfigRoundTrip() throws Exception {
        assertConfigRoundTrip(loginArguments(new WithEcrStep()));
    }

    @Test
    public void withEcrSnippetRoundTrip() throws Exception {
        new SnippetizerTester(j).assertRoundTrip(loginArguments(new WithEcrStep()), "withEcr(credentialsId: 'aws-ci', docker: '/usr/bin/docker', "
                + "regions: 'eu-west-1 us-east-1', registryIds: '333333333333', role: '" + ROLE + "') {\n    // some block\n}");
    }

    @Test
    public void ecrPromoteConfigRoundTrip() throws Exception {
        assertConfigRoundTrip(ecrPromote());
    }

    @Test
    public void ecrPromoteSnippetRoundTrip() throws Exception {
        new SnippetizerTester(j).assertRoundTrip(ecrPromote(), "ecrPromote credentialsId: 'aws-ci', ecrApi: false, from: 'candidate', "
                + "images: ['" + REGISTRY + "/web-production:candidate@" + DIGEST + "', '" + REGISTRY + "/web-qa:candidate'], "
                + "region: 'eu-west-1', registry: '" + REGISTRY + "', report: 'promotion.json', role: '" + ROLE + "', "
                + "services: 'worker-production', targetRegistry: '222222222222.dkr.ecr.eu-west-1.amazonaws.com', to: 'production release-42'");
    }

    @Test
    public void ecrDeployConfigRoundTrip() throws Exception {
        assertConfigRoundTrip(ecrDeploy());
    }

    @Test
    public void ecrDeploySnippetRoundTrip() throws Exception {
        new SnippetizerTester(j).assertRoundTrip(ecrDeploy(), "ecrDeploy awsCredentials: false, command: './deploy.sh \"$IMAGE@$IMAGE_DIGEST\"', credentialsId: 'aws-ci', "
                + "images: ['" + REGISTRY + "/web-production:production@" + DIGEST + "', '" + REGISTRY + "/worker-production:production@" + DIGEST
                + "'], region: 'eu-west-1', role: '" + ROLE + "'");
    }

    @Test
    public void ecrCleanupConfigRoundTrip() throws Exception {
        assertConfigRoundTrip(ecrCleanup());
    }

    @Test
    public void ecrCleanupSnippetRoundTrip() throws Exception {
        new SnippetizerTester(j).assertRoundTrip(ecrCleanup(), "ecrCleanup allowEmptyRepository: true, buildCacheTag: 'nightly', credentialsId: 'aws-ci', dryRun: false, "
                + "ecrApi: false, inUse: ['web-production@" + DIGEST
                + "'], inUseFile: 'deployed.txt', keep: ['14=intermediate-(.*)', '3=release-(.*)'], planFile: 'plan.json', policy: 'cleanup.yaml', "
                + "protectedTags: ['production', 'v[0-9.]+'], region: 'eu-west-1', registry: '" + REGISTRY + "', repositories: 'web-production web-qa', "
                + "repositoryPatterns: ['team-a/.*'], role: '" + ROLE + "', tagPattern: 'pr-[0-9]+', taggedOlderThan: '90d', untaggedOlderThan: '7d'");
    }

    /**
     * Jenkinsfiles written before the renames keep working: {@code ecrLogin} sets {@code ecrApi} in ecrPromote and
     * ecrCleanup, while the Snippet Generator writes the new name only.
     */
    @Test
    public void theOldEcrLoginParameterStillParsesAndTheGeneratorWritesEcrApi() throws Exception {
        SnippetizerTester snippetizer = new SnippetizerTester(j);
        EcrPromoteStep promote = new EcrPromoteStep("production");
        promote.setEcrApi(false);
        snippetizer.assertParseStep(promote, "ecrPromote ecrLogin: false, to: 'production'");
        snippetizer.assertRoundTrip(promote, "ecrPromote ecrApi: false, to: 'production'");
        EcrCleanupStep cleanup = new EcrCleanupStep();
        cleanup.setEcrApi(false);
        snippetizer.assertParseStep(cleanup, "ecrCleanup ecrLogin: false");
        snippetizer.assertRoundTrip(cleanup, "ecrCleanup ecrApi: false");
    }

    /** What the Snippet Generator does with its form: a text area's lines become a list in the script. */
    @Test
    public void theSnippetGeneratorTurnsTextAreaLinesIntoLists() throws Exception {
        SnippetizerTester snippetizer = new SnippetizerTester(j);
        snippetizer.assertGenerateSnippet("{'stapler-class': '" + IntermediateBuildStep.class.getName() + "', "
                + "'buildArgs': 'A=1\\r\\n\\r\\n  B=two words  \\n', 'smokeTests': ''}", "intermediateBuild(buildArgs: ['A=1', 'B=two words'])", null);
        snippetizer.assertGenerateSnippet("{'stapler-class': '" + EcrCleanupStep.class.getName() + "', "
                + "'keep': '10=intermediate-(.*)', 'protectedTags': 'production\\nv[0-9.]+', 'inUse': ''}",
                "ecrCleanup keep: ['10=intermediate-(.*)'], protectedTags: ['production', 'v[0-9.]+']", null);
        snippetizer.assertGenerateSnippet("{'stapler-class': '" + EcrPromoteStep.class.getName() + "', 'to': 'production', "
                + "'images': 'a.example/web:1\\nb.example/web:2'}", "ecrPromote images: ['a.example/web:1', 'b.example/web:2'], to: 'production'", null);
        snippetizer.assertGenerateSnippet("{'stapler-class': '" + EcrDeployStep.class.getName() + "', 'command': './deploy.sh', "
                + "'images': 'a.example/web:1@" + DIGEST + "'}", "ecrDeploy command: './deploy.sh', images: ['a.example/web:1@" + DIGEST + "']", null);
    }

    /** The Snippet Generator's reference (its "Global Variables Reference" pages) can describe every step. */
    @Test
    public void everyStepDocumentsItself() throws Exception {
        for (Class<? extends Step> step : STEPS) {
            SnippetizerTester.assertDocGeneration(step);
        }
    }

    /** Every parameter has a field in the step's form, and every field has help that states what it does and its default. */
    @Test
    public void everyParameterHasAFieldWithHelp() throws Exception {
        List<String> missing = new ArrayList<>();
        for (Class<? extends Step> step : STEPS) {
            URL config = step.getResource(step.getSimpleName() + "/config.jelly");
            assertNotNull(step.getSimpleName() + " has a form", config);
            String form = read(config);
            assertTrue(step.getSimpleName() + " has help", help(step, null).length() > 100);
            for (DescribableParameter parameter : new DescribableModel<>(step).getParameters()) {
                String name = parameter.getName();
                if (parameter.isDeprecated()) {
                    // An old name kept for existing Jenkinsfiles (ecrCleanup's and ecrPromote's ecrLogin): the form offers the new one.
                    continue;
                }
                if (!form.contains("field=\"" + name + "\"")) {
                    missing.add(step.getSimpleName() + "." + name + ": no field in config.jelly");
                }
                // As the form's help button asks for it.
                String help = help(step, name);
                if (help.length() < 20) {
                    missing.add(step.getSimpleName() + "." + name + ": no help (" + help + ")");
                } else if (!help.toLowerCase(java.util.Locale.ROOT).matches("(?s).*\\b(default|required)\\b.*")) {
                    missing.add(step.getSimpleName() + "." + name + ": the help does not state the default (or that it is required)");
                }
            }
        }
        assertTrue(String.join("\n", missing), missing.isEmpty());
    }

    /** The text of a step's help, or of one field's, as Jenkins serves it; empty when there is none. */
    private String help(Class<? extends Step> step, String field) throws Exception {
        org.htmlunit.WebResponse response = j.createWebClient().withThrowExceptionOnFailingStatusCode(false)
                .goTo("descriptorByName/" + step.getName() + "/help" + (field == null ? "" : "/" + field), null).getWebResponse();
        return response.getStatusCode() != 200 ? "" : response.getContentAsString().replaceAll("<[^>]+>", "").strip();
    }

    /** The forms offer the list parameters as text areas, filled one entry per line when a step is edited. */
    @Test
    public void listParametersAreTextAreasWithOneEntryPerLine() throws Exception {
        ListFieldsStepDescriptor descriptor = (ListFieldsStepDescriptor) j.jenkins.getDescriptorOrDie(IntermediateBuildStep.class);
        assertEquals("NPM_REGISTRY=https://npm.example.com\nMODE=ci", descriptor.lines(intermediateBuild().getBuildArgs()));
        assertEquals("", descriptor.lines(null));
        for (Class<? extends Step> step : STEPS) {
            String form = read(step.getResource(step.getSimpleName() + "/config.jelly"));
            for (DescribableParameter parameter : new DescribableModel<>(step).getParameters()) {
                if (parameter.getErasedType() == List.class) {
                    assertTrue(step.getSimpleName() + "." + parameter.getName() + " is a text area", form.contains("<f:entry field=\""
                            + parameter.getName() + "\"") && form.contains("<f:textarea value=\"${descriptor.lines(instance." + parameter.getName() + ")}\""));
                }
            }
        }
        assertFalse(form(EcrLoginStep.class).contains("textarea"));
    }

    static String form(Class<?> step) throws IOException {
        return read(step.getResource(step.getSimpleName() + "/config.jelly"));
    }

    private static String read(URL url) throws IOException {
        try (InputStream in = url.openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
