package io.jenkins.plugins.ecrpipeline.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.ecrpipeline.localaws.LocalEcrFixture;
import io.jenkins.plugins.ecrpipeline.support.LocalStack;
import io.jenkins.plugins.ecrpipeline.support.LocalStackExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import software.amazon.awssdk.services.ecr.EcrClient;

/**
 * The plugin's pages as a person meets them: headless Chromium (Debian's, through Selenium WebDriver and Debian's
 * ChromeDriver) with a 1280 px wide viewport, a laptop's, on a real controller (jenkins.war with the plugin set and our
 * .hpi) whose builds ran on a real agent against the local stack. Each test asserts what is seen (a legend, a tooltip,
 * where a click leads, where a table's right edge lies, a failed row's colour) and saves a screenshot under
 * {@code target/screenshots/}; the widths it measured go to {@code target/screenshots/measurements.txt}.
 */
@ExtendWith(LocalStackExtension.class)
class PagesInBrowserIT {
    private static final int WIDTH = 1280;
    private static final int HEIGHT = 900;
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(4);
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Four services, as a small team's compose file has them; each image a different size. */
    private static final Map<String, Integer> SERVICES = Map.of("api-production", 2600, "web-production", 3400, "web-qa", 1800,
            "worker-production", 1200);

    private static Path dir;
    private static LocalEcrFixture aws;
    private static JenkinsController jenkins;
    private static HeadlessChromium browser;

    @BeforeAll
    static void start(LocalStack stack) throws Exception {
        dir = Files.createTempDirectory("pages-in-browser");
        aws = new LocalEcrFixture(stack, dir, Clock.systemUTC());
        try (EcrClient ecr = aws.ecr(aws.instanceProfile())) {
            for (String repository : SERVICES.keySet()) {
                ecr.createRepository(r -> r.repositoryName(repository));
            }
        }
        jenkins = JenkinsController.start(Files.createDirectories(dir.resolve("jenkins-home")));
        jenkins.startAgent("agent1", "docker", dir.resolve("agent1"), JenkinsController.ec2AgentEnvironment(dir.resolve("agent-home"), aws, stack));
        browser = HeadlessChromium.start(WIDTH, HEIGHT);
        Files.writeString(HeadlessChromium.SCREENSHOTS.resolve("measurements.txt"), "");
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            if (jenkins != null) {
                jenkins.close();
            }
            if (aws != null) {
                aws.close();
            }
        }
    }

    /**
     * A compose project written by the Pipeline: each service pads its image to its own size plus a little each night,
     * so the size chart has lines apart; the service named by {@code params.FAIL} fails its RUN step.
     */
    private static String composeProject() {
        StringBuilder script = new StringBuilder();
        StringBuilder compose = new StringBuilder("services:\\n");
        for (Map.Entry<String, Integer> service : new java.util.TreeMap<>(SERVICES).entrySet()) {
            String name = service.getKey();
            script.append("writeFile file: '").append(name).append("/Dockerfile', text: 'FROM local/busybox:latest\\nARG BUILD_DATE\\nARG NIGHT=1\\n")
                    .append("ARG FAIL=none\\nRUN if [ \"$FAIL\" = ").append(name).append(" ]; then echo \"").append(name)
                    .append(": the test suite found 3 failures\"; echo \"see the log of ").append(name).append(" for details\"; exit 3; fi; ")
                    .append("dd if=/dev/zero of=/pad bs=1024 count=$((").append(service.getValue()).append(" + NIGHT * 60)) 2>/dev/null; ")
                    .append("sleep $((NIGHT % 3))\\n'\n");
            compose.append("  ").append(name).append(":\\n    build: ./").append(name).append("\\n");
        }
        script.append("writeFile file: 'docker-compose.yml', text: '").append(compose).append("'\n");
        return script.toString();
    }

    /**
     * A nightly job with "Build with Parameters": SERVICES (empty: every service) and FAIL (a service whose build
     * fails), whose defaults are the given values.
     */
    private static void nightlyJob(String name, String services, String fail) throws Exception {
        jenkins.createPipelineJob(name, """
                properties([parameters([string(name: 'SERVICES', defaultValue: '%s'), string(name: 'FAIL', defaultValue: '%s')])])
                node('docker') {
                  %s
                  intermediateBuild(services: params.SERVICES, ecrLogin: true, network: 'host', tag: 'browser',
                      buildArgs: ["NIGHT=${env.BUILD_NUMBER}", "FAIL=${params.FAIL}"])
                }
                """.formatted(services, fail, composeProject()));
    }

    private static String run(String job, Map<String, String> parameters) throws Exception {
        int number = jenkins.build(job, parameters);
        return jenkins.awaitResult(job, number, BUILD_TIMEOUT);
    }

    private static void open(String path) {
        browser.driver.get(jenkins.url.resolve(path).toString());
        browser.waiting(WAIT).until(d -> "complete".equals(browser.script("return document.readyState")));
    }

    private static void measured(String line) throws Exception {
        System.out.println("measured: " + line);
        Files.writeString(HeadlessChromium.SCREENSHOTS.resolve("measurements.txt"), line + "\n", StandardOpenOption.APPEND);
    }

    /** The right edge of an element in CSS pixels of the viewport. */
    private static double rightEdge(WebElement element) {
        return ((Number) browser.script("return arguments[0].getBoundingClientRect().right", element)).doubleValue();
    }

    private static void assertFitsTheViewport(String page, List<WebElement> tables) throws Exception {
        assertEquals(WIDTH, browser.viewportWidth(), "the viewport is a laptop's");
        for (WebElement table : tables) {
            double right = rightEdge(table);
            measured(page + ": right edge of a summary " + Math.round(right) + " px of " + WIDTH);
            assertTrue(right <= WIDTH, page + ": a table ends at " + right + " px, past the " + WIDTH + " px viewport");
        }
        long width = browser.pageWidth();
        measured(page + ": page width " + width + " px (viewport " + WIDTH + ")");
        assertTrue(width <= WIDTH, page + " scrolls sideways: " + width + " px wide");
    }

    @Test
    void theJobTrendNamesEveryServiceShowsAValueOnHoverAndOpensTheBuildThatWasClicked() throws Exception {
        nightlyJob("nightly", "", "none");
        // The first build defines the parameters; the others are started with them, as "Build with Parameters" does.
        assertEquals("SUCCESS", run("nightly", Map.of()));
        assertEquals("SUCCESS", run("nightly", Map.of("FAIL", "none")));
        assertEquals("FAILURE", run("nightly", Map.of("FAIL", "web-qa")));
        assertEquals("SUCCESS", run("nightly", Map.of("SERVICES", "web-production")));
        assertEquals("SUCCESS", run("nightly", Map.of("FAIL", "none")));

        open("job/nightly/");
        WebElement chart = browser.waiting(WAIT).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".ecr-trend__chart[data-drawn]")));
        browser.screenshot("job-trend", WIDTH, HEIGHT, 1400);
        // The legend names every service (echarts draws it as SVG text).
        String drawn = chart.findElement(By.tagName("svg")).getText() + " " + browser.script(
                "return Array.from(arguments[0].querySelectorAll('svg text')).map(t => t.textContent).join('|')", chart);
        for (String service : SERVICES.keySet()) {
            assertTrue(drawn.contains(service), "the legend names " + service + ": " + drawn);
        }
        assertTrue(drawn.contains("Build time (s)") && drawn.contains("Image size (MB)"), "axes with units: " + drawn);
        assertTrue(drawn.contains("failed"), "the failed build is marked: " + drawn);
        // Build #4 built web-production only: the other services have a gap there, not a line through it.
        Object gap = browser.script("const o = echarts.getInstanceByDom(arguments[0]).getOption();"
                + "return o.series.filter(s => s.name === 'web-qa' && s.yAxisIndex === 0)[0].data[3];", chart);
        assertEquals(null, gap, "web-qa was not built in #4");

        // Hovering web-production's point of build #5 shows the build, the value with its unit and the result.
        Map<?, ?> point = pointOf(chart, "web-production", 0, 4);
        new Actions(browser.driver).moveToElement(chart, offset(point, "x", chart.getSize().getWidth()), offset(point, "y", chart.getSize().getHeight()))
                .perform();
        WebElement tooltip = browser.waiting(WAIT).until(d -> {
            List<WebElement> shown = chart.findElements(By.cssSelector(".ecr-trend__tooltip"));
            return shown.isEmpty() || !shown.get(0).isDisplayed() ? null : shown.get(0);
        });
        String text = tooltip.getText();
        assertTrue(text.startsWith("#5 · success") && text.matches("(?s).*web-production: \\d+\\.\\d s · pushed.*")
                && text.matches("(?s).*web-production: \\d+\\.\\d MB · pushed.*"), "tooltip: " + text);
        browser.screenshot("job-trend-tooltip", WIDTH, HEIGHT, 1400);

        // Clicking build #2's point opens build #2.
        Map<?, ?> second = pointOf(chart, "api-production", 1, 1);
        new Actions(browser.driver).moveToElement(chart, offset(second, "x", chart.getSize().getWidth()), offset(second, "y", chart.getSize().getHeight()))
                .click().perform();
        browser.waiting(WAIT).until(ExpectedConditions.urlMatches("/job/nightly/2/$"));
        assertTrue(browser.driver.getTitle().contains("#2"), browser.driver.getTitle());
    }

    /** Where echarts drew a service's point of a build, in pixels of the chart element. */
    private static Map<?, ?> pointOf(WebElement chart, String service, int grid, int build) {
        return (Map<?, ?>) browser.script("""
                const chart = echarts.getInstanceByDom(arguments[0]);
                const o = chart.getOption();
                const index = o.series.findIndex(s => s.name === arguments[1] && s.yAxisIndex === arguments[2]);
                const item = o.series[index].data[arguments[3]];
                const [x, y] = chart.convertToPixel({seriesIndex: index}, [arguments[3], item.value]);
                return {x: x, y: y};
                """, chart, service, grid, build);
    }

    /** Selenium's offsets count from the element's centre. */
    private static int offset(Map<?, ?> point, String axis, int size) {
        return (int) Math.round(((Number) point.get(axis)).doubleValue() - size / 2.0);
    }

    @Test
    void aBuildPageFitsTheViewportAndMarksTheFailedServiceWithItsReasonOneClickAway() throws Exception {
        nightlyJob("nightly-failing", "", "web-production");
        assertEquals("FAILURE", run("nightly-failing", Map.of()));

        open("job/nightly-failing/1/");
        WebElement summary = browser.waiting(WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".ecr-image-pipeline-summary")));
        browser.screenshot("build-page", WIDTH, HEIGHT, 1600);
        assertFitsTheViewport("build page", summary.findElements(By.tagName("table")));
        String heading = summary.findElement(By.cssSelector(".ecr-summary__heading")).getText().replaceAll("\\s+", " ");
        assertTrue(heading.startsWith("Nightly images ") && heading.contains("BUILD_DATE 20"), heading);
        String registry = aws.server.registryHosts().get("111111111111");
        assertTrue(heading.contains("registry " + registry) && !summary.findElement(By.tagName("tbody")).getText().contains(registry),
                "the registry is named once, above the table: " + summary.getText());

        WebElement failed = summary.findElement(By.cssSelector("tr.ecr-row--failed[data-service='web-production']"));
        String background = failed.findElement(By.tagName("td")).getCssValue("background-color");
        assertTrue(background.startsWith("rgba(230, 0, 31"), "the failed row is tinted red: " + background);
        WebElement badge = failed.findElement(By.cssSelector(".ecr-badge"));
        assertEquals("build failed", badge.getText());
        assertTrue(badge.getCssValue("background-color").matches("rgba?\\((2[0-9]{2}), ([0-9]{1,2}), .*"), badge.getCssValue("background-color"));
        WebElement ok = summary.findElement(By.cssSelector("tr.ecr-row[data-service='web-qa']"));
        WebElement digest = ok.findElement(By.cssSelector("code.ecr-digest"));
        assertTrue(digest.getText().matches("sha256:[0-9a-f]{12}…"), digest.getText());
        assertTrue(digest.getAttribute("title").matches("sha256:[0-9a-f]{64}"), "the full digest on hover");
        assertTrue(ok.findElement(By.cssSelector(".jenkins-copy-button")).getAttribute("text").matches("sha256:[0-9a-f]{64}"), "copies the full one");
        assertTrue(ok.getText().contains(" MB"), "sizes carry units: " + ok.getText());

        // The reason: one line, and the whole of it one click away.
        WebElement reason = summary.findElement(By.cssSelector("tr.ecr-reason[data-service='web-production']"));
        WebElement line = reason.findElement(By.cssSelector(".ecr-reason__line"));
        double lineHeight = ((Number) browser.script("return arguments[0].getBoundingClientRect().height", line)).doubleValue();
        measured("build page: failure reason line " + Math.round(lineHeight) + " px high");
        assertTrue(lineHeight < 30, "the reason takes one line: " + lineHeight + " px");
        assertTrue((Boolean) browser.script("return arguments[0].scrollWidth > arguments[0].clientWidth", line), "the line is cut, with an ellipsis");
        assertFalse(reason.findElement(By.cssSelector(".ecr-reason__full")).isDisplayed());
        line.click();
        WebElement full = reason.findElement(By.cssSelector(".ecr-reason__full"));
        browser.waiting(WAIT).until(ExpectedConditions.visibilityOf(full));
        assertTrue(full.getText().startsWith("docker build exited with 1") && full.getText().endsWith("exit code: 3"), full.getText());
        browser.screenshot("build-page-reason-open", WIDTH, HEIGHT, 1600);
        assertFitsTheViewport("build page, reason open", summary.findElements(By.tagName("table")));
    }

    @Test
    void thePromoteAndDeployPageFitsTheViewportAndSaysHowManyBytesMoved() throws Exception {
        jenkins.createPipelineJob("promote-deploy", """
                node('docker') {
                  %s
                  def built = intermediateBuild(services: 'api-production web-production', ecrLogin: true, network: 'host', tag: 'candidate')
                  def promoted = ecrPromote(images: built.collect { "${it.image}@${it.digest}" }, to: 'production')
                  ecrDeploy(images: promoted.collect { it.image }, command: 'echo "deploying $IMAGE@$IMAGE_DIGEST"')
                }
                """.formatted(composeProject()));
        assertEquals("SUCCESS", run("promote-deploy", Map.of()));

        open("job/promote-deploy/1/");
        WebElement promotion = browser.waiting(WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".ecr-image-pipeline-promotion")));
        browser.screenshot("promote-deploy-page", WIDTH, HEIGHT, 1600);
        List<WebElement> tables = browser.driver.findElements(By.cssSelector(".ecr-summary table"));
        assertEquals(2, tables.size(), "the nightly images and the promotion");
        assertFitsTheViewport("promote/deploy page", tables);
        String rows = promotion.findElement(By.tagName("tbody")).getText();
        assertTrue(rows.contains("built in this build"), "the digest is not repeated: " + rows);
        assertTrue(rows.matches("(?s).*\\d+(\\.\\d)? (B|KB|MB) \\(retag\\).*"), "bytes carry a unit and say how: " + rows);
        assertTrue(rows.contains("candidate") && rows.contains("production") && !rows.contains(aws.server.registryHosts().get("111111111111")), rows);
        for (WebElement cell : promotion.findElements(By.cssSelector("table.ecr-summary__table > tbody > tr > td"))) {
            assertTrue(rightEdge(cell) <= WIDTH, "every cell is in view: " + cell.getText());
        }
    }

    @Test
    void theCleanupPageSaysWhichPolicyEachCallUsedAndListsTheDeletedImagesCollapsed() throws Exception {
        jenkins.createPipelineJob("cleanup", """
                node('docker') {
                  %s
                  for (int night = 1; night <= 3; night++) {
                    intermediateBuild(services: 'worker-production', ecrLogin: true, network: 'host', tag: 'sweep', buildArgs: ["NIGHT=${night}"])
                  }
                  ecrCleanup(repositories: 'worker-production', untaggedOlderThan: '30d', protectedTags: ['sweep.*'])
                  ecrCleanup(repositories: 'worker-production', untaggedOlderThan: '0m', protectedTags: ['sweep.*'], dryRun: false)
                }
                """.formatted(composeProject()));
        assertEquals("SUCCESS", run("cleanup", Map.of()));

        open("job/cleanup/1/");
        List<WebElement> cleanups = browser.waiting(WAIT).until(ExpectedConditions.numberOfElementsToBe(By.cssSelector(".ecr-image-pipeline-cleanup"), 2));
        browser.screenshot("cleanup-page-collapsed", WIDTH, HEIGHT, 1600);
        WebElement dry = cleanups.get(0);
        WebElement done = cleanups.get(1);
        assertTrue(dry.getText().contains("dry run: nothing deleted") && dry.getText().contains("Policy: repositories worker-production; rules "
                + "untaggedOlderThan 30d"), dry.getText());
        assertTrue(dry.getText().contains("1 repository, ") && dry.getText().contains("Nothing to delete: no image matches the policy."), dry.getText());
        assertTrue(done.getText().contains("executed") && done.getText().contains("rules untaggedOlderThan 0d"), done.getText());
        assertFalse(dry.getText().contains("(s)") || done.getText().contains("(s)") || done.getText().contains("(ies)"), "plurals are words");
        java.util.regex.Matcher deleted = java.util.regex.Pattern.compile("(\\d+) images? deleted, [0-9.]+ (B|KB|MB) freed").matcher(done.getText());
        assertTrue(deleted.find() && Integer.parseInt(deleted.group(1)) >= 1, done.getText());

        // The deleted images, per repository, collapsed until asked for.
        WebElement repository = done.findElement(By.cssSelector("details.ecr-cleanup__repository[data-repository='worker-production']"));
        assertEquals(null, repository.getAttribute("open"));
        assertFalse(repository.findElement(By.tagName("table")).isDisplayed());
        assertFitsTheViewport("cleanup page", List.of(dry, done));
        repository.findElement(By.tagName("summary")).click();
        WebElement table = repository.findElement(By.tagName("table"));
        browser.waiting(WAIT).until(ExpectedConditions.visibilityOf(table));
        List<WebElement> images = table.findElements(By.cssSelector(":scope > tbody > tr"));
        assertEquals(Integer.parseInt(deleted.group(1)), images.size(), table.getText());
        assertTrue(images.get(0).getText().matches("(?s)sha256:[0-9a-f]{12}….*untagged.*untaggedOlderThan 0d.*"), images.get(0).getText());
        browser.screenshot("cleanup-page", WIDTH, HEIGHT, 1600);
        assertFitsTheViewport("cleanup page, images listed", List.of(dry, done, table));
    }

    @Test
    void aJobWhoseServicesAllFailedSaysWhatTheTrendWillShow() throws Exception {
        nightlyJob("nightly-never-built", "web-qa", "web-qa");
        assertEquals("FAILURE", run("nightly-never-built", Map.of()));

        open("job/nightly-never-built/");
        WebElement empty = browser.waiting(WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".ecr-trend__empty")));
        browser.screenshot("job-trend-empty", WIDTH, HEIGHT, 1200);
        assertTrue(empty.getText().startsWith("No image built yet.") && empty.getText().contains("build time and image size"), empty.getText());
        assertTrue(empty.getText().contains("every service failed; the newest is #1"), empty.getText());
        assertTrue(browser.driver.findElements(By.cssSelector(".ecr-trend__chart")).isEmpty(), "no empty frame");
        assertFitsTheViewport("empty job page", List.of());
    }
}
