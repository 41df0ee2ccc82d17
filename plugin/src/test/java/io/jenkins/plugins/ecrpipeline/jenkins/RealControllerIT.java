package io.jenkins.plugins.ecrpipeline.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.ecrpipeline.localaws.LocalEcrFixture;
import io.jenkins.plugins.ecrpipeline.support.LocalStack;
import io.jenkins.plugins.ecrpipeline.support.LocalStackExtension;
import io.jenkins.plugins.ecrpipeline.support.ProjectRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.ImageDetail;

/**
 * The plugin on a real controller (jenkins.war 2.426.1 with the Pipeline plugins and our .hpi) with a real agent
 * connected over WebSocket; the agent's IAM role is served by local-aws's instance metadata, Docker and the registries
 * come from the local stack. The steps run on the agent, so AWS calls happen in the agent JVM.
 */
@ExtendWith(LocalStackExtension.class)
class RealControllerIT {
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(4);

    private static Path dir;
    private static LocalEcrFixture aws;
    private static JenkinsController jenkins;
    private static String registry;

    @BeforeAll
    static void start(LocalStack stack) throws Exception {
        dir = Files.createTempDirectory("real-controller");
        aws = new LocalEcrFixture(stack, dir, Clock.systemUTC());
        registry = aws.server.registryHosts().get("111111111111");
        try (EcrClient ecr = aws.ecr(aws.instanceProfile())) {
            for (String repository : List.of("web-production", "web-qa", "broken-production")) {
                ecr.createRepository(r -> r.repositoryName(repository));
            }
        }
        Instant booting = Instant.now();
        jenkins = JenkinsController.start(Files.createDirectories(dir.resolve("jenkins-home")));
        System.out.println("controller up in " + Duration.between(booting, Instant.now()).toMillis() + " ms");
        jenkins.startAgent("agent1", "docker", dir.resolve("agent1"), JenkinsController.ec2AgentEnvironment(dir.resolve("agent-home"), aws, stack));
        measureFirstAwsCallOnAFreshAgent();
    }

    /** The first AWS call on a fresh agent loads the SDK's classes over the channel; later calls do not. Printed for the record. */
    private static void measureFirstAwsCallOnAFreshAgent() throws Exception {
        jenkins.createPipelineJob("first-call", "node('docker') { withAwsRole { echo 'bound' } }\nnode('docker') { withAwsRole { echo 'bound' } }");
        int number = jenkins.build("first-call", Map.of());
        String console = jenkins.console("first-call", number);
        assertEquals("SUCCESS", jenkins.awaitResult("first-call", number, BUILD_TIMEOUT), console);
        List<String> lines = jenkins.console("first-call", number).lines().filter(l -> l.startsWith("withAwsRole: AWS credentials bound")).toList();
        System.out.println("AWS call in the agent JVM, fresh agent: " + lines.get(0).replaceAll(".* in (\\d+ ms).*", "$1")
                + "; next call: " + lines.get(1).replaceAll(".* in (\\d+ ms).*", "$1"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (jenkins != null) {
            String log = jenkins.log();
            jenkins.close();
            assertFalse(log.lines().anyMatch(l -> (l.contains("SEVERE") || l.contains("ClassFilterImpl")) && l.contains("ecrpipeline")),
                    "no SEVERE line from our plugin in the controller log:\n" + log);
        }
        if (aws != null) {
            aws.close();
        }
    }

    /** A compose project written into the workspace by the Pipeline itself. */
    private static String composeProject(String failingService) {
        StringBuilder script = new StringBuilder();
        StringBuilder compose = new StringBuilder("services:\\n");
        for (String service : List.of("web-production", "web-qa", "broken-production")) {
            boolean fails = service.equals(failingService);
            script.append("writeFile file: '").append(service).append("/Dockerfile', text: 'FROM local/busybox:latest\\nARG BUILD_DATE\\nRUN ")
                    .append(fails ? "exit 3" : "echo " + service + " $BUILD_DATE > /built").append("\\n'\n");
            compose.append("  ").append(service).append(":\\n    build: ./").append(service).append("\\n");
        }
        script.append("writeFile file: 'docker-compose.yml', text: '").append(compose).append("'\n");
        return script.toString();
    }

    private static String digestInEcr(String repository, String tag) {
        try (EcrClient ecr = aws.ecr(aws.instanceProfile())) {
            return ecr.describeImages(r -> r.repositoryName(repository)).imageDetails().stream()
                    .filter(i -> i.imageTags().contains(tag)).map(ImageDetail::imageDigest).findFirst().orElse(null);
        }
    }

    @Test
    void scriptedPipelineBuildsAndPushesOnTheAgentWithTheAgentsRole() throws Exception {
        jenkins.createPipelineJob("nightly-scripted", """
                node('docker') {
                  %s
                  def images = intermediateBuild(services: 'web-production web-qa', ecrLogin: true, network: 'host',
                      smokeTests: ['web-qa=cat /built'], serviceTimeout: '10m')
                  echo "built ${images.size()}: ${images.collect { it.service + '=' + it.digest }.join(' ')}"
                }
                """.formatted(composeProject(null)));
        int number = jenkins.build("nightly-scripted", Map.of());
        String result = jenkins.awaitResult("nightly-scripted", number, BUILD_TIMEOUT);
        String console = jenkins.console("nightly-scripted", number);

        assertEquals("SUCCESS", result, console);
        assertTrue(console.contains("ECR login: " + registry + " (region eu-west-1, credentials from instance profile (IMDSv2))"), console);
        String web = digestInEcr("web-production", "intermediate");
        String qa = digestInEcr("web-qa", "intermediate");
        assertTrue(console.contains("built 2: web-production=" + web + " web-qa=" + qa), console);
        assertTrue(console.contains("2 service(s): 2 succeeded, 0 failed"), console);
        // The smoke test ran in the new image before its push; the dated tag serves the same image.
        assertTrue(console.contains("[web-qa] smoke| web-qa 20"), console);
        assertEquals(web, digestInEcr("web-production", "intermediate-" + java.time.LocalDate.now(java.time.ZoneOffset.UTC)
                .format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE)));
        // The build page shows the summary with the digests; the report is archived.
        String page = jenkins.get("job/nightly-scripted/" + number + "/").body();
        assertTrue(page.contains("Nightly images") && page.contains(web) && page.contains(qa),
                "build page summary: " + page.substring(Math.max(0, page.indexOf("main-panel")), Math.min(page.length(), page.indexOf("main-panel") + 3000)));
        assertEquals(200, jenkins.get("job/nightly-scripted/" + number + "/artifact/ecr-image-pipeline-report.json").statusCode());
    }

    /**
     * The job's JVM starts as the CLI does: the first job of a kind writes a class-data archive under the agent's
     * caches at its exit, and the next one maps it instead of writing another; the build's log says nothing about it.
     */
    @Test
    void theNextJobMapsTheClassDataArchiveTheFirstJobWrote() throws Exception {
        jenkins.createPipelineJob("class-data", """
                node('docker') {
                  %s
                  intermediateBuild(services: 'web-qa', push: false, network: 'host')
                }
                """.formatted(composeProject(null)));
        Path archives = dir.resolve("agent1/caches/ecr-image-pipeline/cds");
        int first = jenkins.build("class-data", Map.of());
        assertEquals("SUCCESS", jenkins.awaitResult("class-data", first, BUILD_TIMEOUT), jenkins.console("class-data", first));
        List<Path> written = archivesIn(archives);
        assertEquals(1, written.stream().filter(p -> p.getFileName().toString().startsWith("intermediateBuild-")).count(), written.toString());
        Path archive = written.stream().filter(p -> p.getFileName().toString().startsWith("intermediateBuild-")).findFirst().orElseThrow();
        Object identity = Files.readAttributes(archive, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        java.nio.file.attribute.FileTime modified = Files.getLastModifiedTime(archive);

        int second = jenkins.build("class-data", Map.of());
        String console = jenkins.console("class-data", second);
        assertEquals("SUCCESS", jenkins.awaitResult("class-data", second, BUILD_TIMEOUT), console);

        assertEquals(written, archivesIn(archives), "no new archive, no partial one left");
        assertEquals(identity, Files.readAttributes(archive, java.nio.file.attribute.BasicFileAttributes.class).fileKey(), "the same file, not replaced");
        assertEquals(modified, Files.getLastModifiedTime(archive));
        for (int number : List.of(first, second)) {
            String log = jenkins.console("class-data", number);
            assertFalse(log.contains("[cds") || log.toLowerCase(java.util.Locale.ROOT).contains("shared archive")
                    || log.contains("ArchiveClassesAtExit"), log);
        }
    }

    private static List<Path> archivesIn(Path directory) throws java.io.IOException {
        try (var files = Files.list(directory)) {
            return files.sorted().toList();
        }
    }

    @Test
    void promotesTheBuiltDigestWithoutPullingAndDeploysItWithTheAgentsCredentials() throws Exception {
        AwsSessionCredentials instance = (AwsSessionCredentials) aws.instanceProfile().resolveCredentials();
        jenkins.createPipelineJob("promote-deploy", """
                node('docker') {
                  %s
                  def built = intermediateBuild(services: 'web-production', ecrLogin: true, network: 'host', tag: 'candidate')
                  def promoted = ecrPromote(images: built.collect { "${it.image}@${it.digest}" }, to: 'production')
                  echo "promoted ${promoted[0].service} ${promoted[0].digest} ${promoted[0].result}"
                  ecrDeploy(images: promoted.collect { it.image },
                      command: 'echo "deploying $IMAGE@$IMAGE_DIGEST as $IMAGE_TAG key=$AWS_SECRET_ACCESS_KEY"; test -n "$AWS_SESSION_TOKEN"')
                  ecrDeploy(images: promoted.collect { it.image }, command: 'echo "rollout of $IMAGE_SERVICE refused"; exit 4')
                }
                """.formatted(composeProject(null)));
        int number = jenkins.build("promote-deploy", Map.of());
        String result = jenkins.awaitResult("promote-deploy", number, BUILD_TIMEOUT);
        String console = jenkins.console("promote-deploy", number);

        String candidate = digestInEcr("web-production", "candidate");
        assertEquals(candidate, digestInEcr("web-production", "production"), "the promoted tag serves the built digest:\n" + console);
        assertTrue(console.contains("promoted web-production " + candidate + " PROMOTED"), console);
        assertTrue(console.contains("deploying " + registry + "/web-production@" + candidate + " as production key=****"), console);
        assertFalse(console.contains(instance.secretAccessKey()) || console.contains(instance.sessionToken()), console);
        // The second deploy command fails: the build fails with its own words.
        assertEquals("FAILURE", result, console);
        assertTrue(console.contains("rollout of web-production refused"), console);
        assertTrue(console.contains("ecrDeploy: the deploy command exited with 4 for web-production"), console);
        String page = jenkins.get("job/promote-deploy/" + number + "/").body();
        assertTrue(page.contains("Promoted images") && page.contains(candidate), "build page lists the promotion");
    }

    @Test
    void aTagThatMovedSinceItWasTestedIsNotPromoted() throws Exception {
        jenkins.createPipelineJob("promote-stale", """
                node('docker') {
                  %s
                  intermediateBuild(services: 'web-qa', ecrLogin: true, network: 'host', tag: 'tested')
                  ecrPromote(images: ["%s/web-qa:tested@sha256:%s"], to: 'stale-production')
                }
                """.formatted(composeProject(null), registry, "0".repeat(64)));
        int number = jenkins.build("promote-stale", Map.of());
        String result = jenkins.awaitResult("promote-stale", number, BUILD_TIMEOUT);
        String console = jenkins.console("promote-stale", number);

        assertEquals("FAILURE", result, console);
        assertTrue(console.contains("ecrPromote: ") && console.contains("sha256:" + "0".repeat(64)), console);
        assertEquals(null, digestInEcr("web-qa", "stale-production"), "nothing was promoted");
    }

    @Test
    void ecrCleanupPlansThenDeletesOnlyWhatThePolicySaysAndReportsTheTotals() throws Exception {
        jenkins.createPipelineJob("cleanup", """
                node('docker') {
                  %s
                  // The first night also writes the cache image (:sweep-cache), which later nights leave in place.
                  def cache = intermediateBuild(services: 'web-qa', ecrLogin: true, network: 'host', tag: 'sweep')[0].digest
                  sleep 1
                  def first = intermediateBuild(services: 'web-qa', ecrLogin: true, network: 'host', tag: 'sweep')[0].digest
                  // The next night moves both tags: the night before's image is left untagged.
                  sleep 1
                  def second = intermediateBuild(services: 'web-qa', ecrLogin: true, network: 'host', tag: 'sweep')[0].digest
                  echo "cache=${cache} first=${first} second=${second}"
                  def plan = ecrCleanup(repositories: 'web-qa', untaggedOlderThan: '0m', protectedTags: ['sweep.*'])
                  echo "dry run planned ${plan.planned}"
                  def done = ecrCleanup(repositories: 'web-qa', untaggedOlderThan: '0m', protectedTags: ['sweep.*'], dryRun: false)
                  echo "deleted ${done.deleted} of ${done.planned}, failed ${done.failed}"
                }
                """.formatted(composeProject(null)));
        int number = jenkins.build("cleanup", Map.of());
        String result = jenkins.awaitResult("cleanup", number, BUILD_TIMEOUT);
        String console = jenkins.console("cleanup", number);

        assertEquals("SUCCESS", result, console);
        java.util.regex.Matcher digests = java.util.regex.Pattern.compile("cache=(sha256:[0-9a-f]{64}) first=(sha256:[0-9a-f]{64}) "
                + "second=(sha256:[0-9a-f]{64})").matcher(console);
        assertTrue(digests.find(), console);
        java.util.regex.Matcher totals = java.util.regex.Pattern.compile("deleted (\\d+) of (\\d+), failed 0").matcher(console);
        assertTrue(totals.find() && totals.group(1).equals(totals.group(2)) && Integer.parseInt(totals.group(1)) >= 1, console);
        assertTrue(console.contains("dry run planned " + totals.group(2)), console);
        try (EcrClient ecr = aws.ecr(aws.instanceProfile())) {
            List<String> left = ecr.describeImages(r -> r.repositoryName("web-qa")).imageDetails().stream().map(ImageDetail::imageDigest).toList();
            assertFalse(left.contains(digests.group(2)), "the untagged image is gone");
            assertTrue(left.contains(digests.group(3)), "the tagged image stays");
            assertTrue(left.contains(digests.group(1)), "the build cache image (:sweep-cache) stays");
        }
        String page = jenkins.get("job/cleanup/" + number + "/").body();
        assertTrue(page.contains("Registry cleanup") && page.contains("dry run: nothing deleted") && page.matches("(?s).*\\d+ images? deleted, .*"),
                "build page shows both calls' totals");
    }

    @Test
    void ecrCleanupFailsTheBuildWhenAPlannedDeleteFailsAndStillDeletesTheOthers() throws Exception {
        String repo = "sweep-fail";
        String kept;
        List<String> untagged = new java.util.ArrayList<>();
        try (EcrClient ecr = aws.ecr(aws.instanceProfile())) {
            ecr.createRepository(r -> r.repositoryName(repo));
            kept = pushTinyImage(ecr, repo, "keep");
            for (int i = 0; i < 3; i++) {
                untagged.add(pushTinyImage(ecr, repo, null));
            }
        }
        String doomed = untagged.get(1);
        // ECR answers BatchDeleteImage with a failures[] entry for this one image and deletes the rest of the batch.
        Build build = buildWithFaults(io.jenkins.plugins.ecrpipeline.localaws.Faults.deleteFailures(Map.of(doomed, "KmsError")), "cleanup-failing", """
                node('docker') {
                  def done = ecrCleanup(repositories: 'sweep-fail', untaggedOlderThan: '0m', dryRun: false)
                  echo "not reached: ${done}"
                }
                """);
        String console = build.console();
        String result = build.result();
        int number = build.number();

        assertEquals("FAILURE", result, console);
        assertTrue(console.contains("FAILED " + repo + "@" + doomed + ": KmsError (Injected by local-aws"), console);
        assertTrue(console.contains("ecrCleanup: 1 of 3 planned delete(s) failed (2 deleted): " + repo + "@" + doomed + " KmsError"), console);
        assertFalse(console.contains("not reached"), console);
        assertFalse(console.contains("\tat ") || console.contains("Exception:"), "no stack trace in the console:\n" + console);
        try (EcrClient ecr = aws.ecr(aws.instanceProfile())) {
            List<String> left = ecr.describeImages(r -> r.repositoryName(repo)).imageDetails().stream().map(ImageDetail::imageDigest).toList();
            assertEquals(java.util.Set.of(kept, doomed), java.util.Set.copyOf(left), "the other planned images were deleted:\n" + console);
        }
        String page = jenkins.get("job/cleanup-failing/" + number + "/").body();
        assertTrue(page.contains("Registry cleanup") && page.contains("2 of 3 planned images deleted") && page.contains("1 planned delete failed")
                && page.contains(repo + "@" + doomed + ": KmsError"), "the build page shows the totals and the failure:\n" + page);
    }

    @Test
    void ecrCleanupSurvivesThrottling() throws Exception {
        String repo = "sweep-throttled";
        try (EcrClient ecr = aws.ecr(aws.instanceProfile())) {
            ecr.createRepository(r -> r.repositoryName(repo));
            pushTinyImage(ecr, repo, "keep");
            for (int i = 0; i < 4; i++) {
                pushTinyImage(ecr, repo, null);
            }
        }
        // Every third AWS API call answers ThrottlingException (the agent's credential and token calls included).
        Build build = buildWithFaults(new io.jenkins.plugins.ecrpipeline.localaws.Faults(3, 0, 0, Duration.ZERO, false, false, null, null),
                "cleanup-throttled", """
                node('docker') {
                  def done = ecrCleanup(repositories: 'sweep-throttled', untaggedOlderThan: '0m', dryRun: false)
                  echo "deleted ${done.deleted} of ${done.planned} in ${done.repositories} repository, failed ${done.failed}"
                }
                """);
        String console = build.console();
        String result = build.result();

        assertEquals("SUCCESS", result, console);
        assertTrue(console.contains("deleted 4 of 4 in 1 repository, failed 0"), console);
        assertTrue(console.contains("attempt(s) retried after throttling or errors"), console);
    }

    /** One finished build of a job. */
    private record Build(int number, String result, String console) {
    }

    /** Creates the job and runs it once while the local ECR injects {@code faults}; they are off again afterwards. */
    private static Build buildWithFaults(io.jenkins.plugins.ecrpipeline.localaws.Faults faults, String job, String script) throws Exception {
        aws.server.setFaults(faults);
        try {
            jenkins.createPipelineJob(job, script);
            int number = jenkins.build(job, Map.of());
            String result = jenkins.awaitResult(job, number, BUILD_TIMEOUT);
            return new Build(number, result, jenkins.console(job, number));
        } finally {
            aws.server.setFaults(io.jenkins.plugins.ecrpipeline.localaws.Faults.none());
        }
    }

    /** A unique tiny image pushed without docker: its blobs through the registry API, its manifest with ECR's PutImage. */
    private static String pushTinyImage(EcrClient ecr, String repository, String tag) throws Exception {
        software.amazon.awssdk.services.ecr.model.AuthorizationData auth = ecr.getAuthorizationToken().authorizationData().get(0);
        String password = new String(java.util.Base64.getDecoder().decode(auth.authorizationToken()), java.nio.charset.StandardCharsets.UTF_8)
                .substring("AWS:".length());
        io.jenkins.plugins.ecrpipeline.registry.RegistryClient client = new io.jenkins.plugins.ecrpipeline.registry.RegistryClient(
                java.net.http.HttpClient.newHttpClient(), registry, new io.jenkins.plugins.ecrpipeline.registry.RegistryClient.Login("AWS",
                        io.jenkins.plugins.ecrpipeline.process.Secret.of(password)));
        byte[] layer = ("layer " + repository + " " + System.nanoTime()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
                + io.jenkins.plugins.ecrpipeline.registry.Manifests.digest(layer) + "\"]}}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        client.putBlob(repository, layer);
        client.putBlob(repository, config);
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"" + io.jenkins.plugins.ecrpipeline.registry.Manifests.OCI_MANIFEST
                + "\",\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"size\":" + config.length + ",\"digest\":\""
                + io.jenkins.plugins.ecrpipeline.registry.Manifests.digest(config) + "\"},\"layers\":[{\"mediaType\":"
                + "\"application/vnd.oci.image.layer.v1.tar+gzip\",\"size\":" + layer.length + ",\"digest\":\""
                + io.jenkins.plugins.ecrpipeline.registry.Manifests.digest(layer) + "\"}]}";
        return ecr.putImage(r -> r.repositoryName(repository).imageTag(tag).imageManifest(manifest)
                .imageManifestMediaType(io.jenkins.plugins.ecrpipeline.registry.Manifests.OCI_MANIFEST)).image().imageId().imageDigest();
    }

    @Test
    void aFailingServiceFailsTheBuildNamesItAndKeepsItsOldTag() throws Exception {
        jenkins.createPipelineJob("nightly-good", """
                node('docker') {
                  %s
                  intermediateBuild(pattern: '-production', ecrLogin: true, network: 'host', tag: 'kept')
                }
                """.formatted(composeProject(null)));
        assertEquals("SUCCESS", jenkins.awaitResult("nightly-good", jenkins.build("nightly-good", Map.of()), BUILD_TIMEOUT));
        String good = digestInEcr("broken-production", "kept");
        String webBefore = digestInEcr("web-production", "kept");
        jenkins.createPipelineJob("nightly-failing", """
                node('docker') {
                  %s
                  intermediateBuild(pattern: '-production', ecrLogin: true, network: 'host', tag: 'kept')
                }
                """.formatted(composeProject("broken-production")));
        int number = jenkins.build("nightly-failing", Map.of());
        String result = jenkins.awaitResult("nightly-failing", number, BUILD_TIMEOUT);
        String console = jenkins.console("nightly-failing", number);

        assertEquals("FAILURE", result, console);
        assertTrue(console.contains("intermediateBuild: 1 service(s) failed: broken-production."), console);
        assertEquals(good, digestInEcr("broken-production", "kept"), "the failed service's tag still serves its last good image");
        String webAfter = digestInEcr("web-production", "kept");
        assertTrue(webAfter != null && !webAfter.equals(webBefore), "the other service was built and pushed anew:\n" + console);
    }

    @Test
    void declarativeParameterizedBuildBuildsOnlyTheChosenService() throws Exception {
        jenkins.createPipelineJob("nightly-declarative", """
                pipeline {
                  agent { label 'docker' }
                  parameters { string(name: 'SERVICES', defaultValue: '', description: 'Services to build') }
                  stages {
                    stage('Project') { steps { script { %s } } }
                    stage('Nightly images') {
                      steps { intermediateBuild(services: params.SERVICES, ecrLogin: true, network: 'host', tag: 'on-demand') }
                    }
                  }
                }
                """.formatted(composeProject(null).replace("\n", "; ")));
        // The first run registers the parameter (as a person's first click would); the second is "Build with Parameters".
        jenkins.awaitResult("nightly-declarative", jenkins.build("nightly-declarative", Map.of()), BUILD_TIMEOUT);
        int number = jenkins.build("nightly-declarative", Map.of("SERVICES", "web-qa"));
        String result = jenkins.awaitResult("nightly-declarative", number, BUILD_TIMEOUT);
        String console = jenkins.console("nightly-declarative", number);

        assertEquals("SUCCESS", result, console);
        assertTrue(console.contains("1 service(s): 1 succeeded, 0 failed"), console);
        assertTrue(digestInEcr("web-qa", "on-demand") != null, console);
    }

    @Test
    void theStopButtonKillsTheDockerChildrenAndMovesNoTag() throws Exception {
        String script = """
                node('docker') {
                  writeFile file: 'slow-production/Dockerfile', text: 'FROM local/busybox:latest\\nARG BUILD_DATE\\nRUN echo slow-build-%s $BUILD_DATE; sleep %d\\n'
                  writeFile file: 'docker-compose.yml', text: 'services:\\n  slow-production:\\n    build: ./slow-production\\n'
                  intermediateBuild(services: 'slow-production', ecrLogin: true, network: 'host')
                }
                """;
        try (EcrClient ecr = aws.ecr(aws.instanceProfile())) {
            ecr.createRepository(r -> r.repositoryName("slow-production"));
        }
        jenkins.createPipelineJob("abort-quick", script.formatted("quick", 0));
        assertEquals("SUCCESS", jenkins.awaitResult("abort-quick", jenkins.build("abort-quick", Map.of()), BUILD_TIMEOUT));
        String good = digestInEcr("slow-production", "intermediate");

        jenkins.createPipelineJob("abort-slow", script.formatted("slow", 300));
        int number = jenkins.build("abort-slow", Map.of());
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (!jenkins.console("abort-slow", number).contains("slow-build-slow") && Instant.now().isBefore(deadline)) {
            Thread.sleep(300);
        }
        assertTrue(dockerBuildsRunning().contains("slow-production"), "the slow docker build runs: " + dockerBuildsRunning());
        jenkins.post("job/abort-slow/" + number + "/stop", null, "");
        String result = jenkins.awaitResult("abort-slow", number, Duration.ofMinutes(1));

        String console = jenkins.console("abort-slow", number);
        assertEquals("ABORTED", result, console);
        // After "Aborted by <user>": one line that says what was stopped, no exception and no stack trace.
        // Nothing but what Jenkins prints itself when it stops a plain sh step (its ErrorId line, say): no exception of ours.
        List<String> ours = afterAbort(console);
        assertTrue(afterAbort(abortedShell()).containsAll(ours) && ours.stream().noneMatch(l -> l.contains("\tat ")), console);
        assertTrue(console.contains("Stopped while building slow-production; its tags were not moved."), console);
        Instant gone = Instant.now().plus(Duration.ofSeconds(20));
        while (dockerBuildsRunning().contains("slow-production") && Instant.now().isBefore(gone)) {
            Thread.sleep(200);
        }
        assertFalse(dockerBuildsRunning().contains("slow-production"), "no docker build child is left: " + dockerBuildsRunning());
        assertEquals(good, digestInEcr("slow-production", "intermediate"), "the tag still serves the last good image");
    }

    /** The lines after "Aborted by ...", without Pipeline's own structure lines, our one "Stopped" line and ids. */
    private static List<String> afterAbort(String console) {
        return console.substring(console.indexOf("Aborted by ")).lines().skip(1)
                .filter(l -> !l.startsWith("[Pipeline]") && !l.startsWith("Stopped while building"))
                .map(l -> l.replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<id>")).toList();
    }

    /** The console of a build whose only step, sh, was stopped with the stop button. */
    private static String abortedShell() throws Exception {
        jenkins.createPipelineJob("abort-shell", "node('docker') { sh 'echo shell-started; sleep 300' }");
        int number = jenkins.build("abort-shell", Map.of());
        Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
        while (!jenkins.console("abort-shell", number).contains("shell-started") && Instant.now().isBefore(deadline)) {
            Thread.sleep(300);
        }
        jenkins.post("job/abort-shell/" + number + "/stop", null, "");
        assertEquals("ABORTED", jenkins.awaitResult("abort-shell", number, Duration.ofMinutes(1)));
        return jenkins.console("abort-shell", number);
    }

    @Test
    void aControllerRestartDuringTheBuildIsFollowedToTheEnd() throws Exception {
        try (EcrClient ecr = aws.ecr(aws.instanceProfile())) {
            ecr.createRepository(r -> r.repositoryName("restart-production"));
        }
        jenkins.createPipelineJob("restart", """
                node('docker') {
                  writeFile file: 'restart-production/Dockerfile', text: 'FROM local/busybox:latest\\nARG BUILD_DATE\\nRUN echo restart-build-running; sleep 15\\n'
                  writeFile file: 'docker-compose.yml', text: 'services:\\n  restart-production:\\n    build: ./restart-production\\n'
                  def images = intermediateBuild(services: 'restart-production', ecrLogin: true, network: 'host')
                  echo "pushed ${images[0].digest}"
                }
                """);
        int number = jenkins.build("restart", Map.of());
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (!jenkins.console("restart", number).contains("restart-build-running") && Instant.now().isBefore(deadline)) {
            Thread.sleep(300);
        }
        // Killed within a second of a step starting, Jenkins may not have written the flow's first nodes yet, and then
        // cannot load the build at all ("FlowNode was not found in storage"): a Jenkins limit, not what this tests.
        Thread.sleep(3000);
        jenkins.restart();
        String result = jenkins.awaitResult("restart", number, Duration.ofMinutes(3));
        String console = jenkins.console("restart", number);

        // The build went on in its process on the agent; the resumed build followed it to its report.
        assertEquals("SUCCESS", result, console);
        assertTrue(console.contains("Resuming build"), console);
        String pushed = digestInEcr("restart-production", "intermediate");
        assertTrue(pushed != null && console.contains("pushed " + pushed), "the digest the registry holds:\n" + console);
        assertTrue(console.contains("1 service(s): 1 succeeded, 0 failed"), console);
        try (java.util.stream.Stream<Path> files = Files.walk(dir.resolve("agent1"))) {
            assertEquals(List.of(), files.filter(p -> p.getFileName().toString().startsWith("ecr-image-pipeline-docker-config-")
                    || p.getFileName().toString().matches("ecr-image-pipeline-[0-9a-f-]{36}")).toList(), "nothing of the job is left on the agent");
        }
    }

    /** The command lines of the docker clients now building, from /proc. */
    private static String dockerBuildsRunning() throws java.io.IOException {
        StringBuilder found = new StringBuilder();
        try (var processes = Files.list(Path.of("/proc"))) {
            for (Path process : processes.filter(p -> p.getFileName().toString().matches("[0-9]+")).toList()) {
                try {
                    String command = new String(Files.readAllBytes(process.resolve("cmdline")), java.nio.charset.StandardCharsets.UTF_8)
                            .replace('\0', ' ');
                    if (command.contains("docker") && command.contains(" build ")) {
                        found.append(command).append('\n');
                    }
                } catch (java.io.IOException e) {
                    // the process ended while we looked
                }
            }
        }
        return found.toString();
    }

    @Test
    void theJobTrendHoldsOnePointPerBuildAndService() throws Exception {
        jenkins.createPipelineJob("trend", """
                properties([parameters([string(name: 'SERVICES', defaultValue: 'web-production web-qa')])])
                node('docker') {
                  %s
                  intermediateBuild(services: params.SERVICES ?: 'web-production web-qa', ecrLogin: true, network: 'host', tag: 'trend')
                }
                """.formatted(composeProject(null)));
        for (Map<String, String> parameters : List.of(Map.<String, String>of(), Map.of("SERVICES", "web-qa"), Map.of("SERVICES", "web-production web-qa"))) {
            int number = jenkins.build("trend", parameters);
            assertEquals("SUCCESS", jenkins.awaitResult("trend", number, BUILD_TIMEOUT), jenkins.console("trend", number));
        }

        com.fasterxml.jackson.databind.JsonNode trend = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(jenkins.get("job/trend/ecr-image-trend/json").body());
        List<String> points = new java.util.ArrayList<>();
        trend.get("points").forEach(p -> {
            assertTrue(p.get("durationMillis").asLong() > 0 && p.get("sizeBytes").asLong() > 0, p.toString());
            points.add(p.get("build").asInt() + ":" + p.get("service").asText());
        });
        assertEquals(List.of("1:web-production", "1:web-qa", "2:web-qa", "3:web-production", "3:web-qa"), points);
        String page = jenkins.get("job/trend/").body();
        assertTrue(page.contains("class=\"ecr-trend__chart\"") && page.contains("ecr-image-trend/json") && page.contains("echarts"),
                "the job page draws the trend (PagesInBrowserIT looks at it in a browser)");
    }

    @Test
    void withAwsRoleRenewsCredentialsThatExpireDuringTheBlockAndMasksEveryValue() throws Exception {
        // An agent whose instance role hands out credentials that live 20 s (EC2 gives hours; the logic is the same).
        io.jenkins.plugins.ecrpipeline.localaws.LocalAwsSettings defaults = io.jenkins.plugins.ecrpipeline.localaws.LocalAwsSettings.defaults();
        try (io.jenkins.plugins.ecrpipeline.localaws.LocalAwsServer shortLived = io.jenkins.plugins.ecrpipeline.localaws.LocalAwsServer.start(
                new io.jenkins.plugins.ecrpipeline.localaws.LocalAwsSettings(defaults.accounts(), defaults.region(), defaults.instanceRole(),
                        Duration.ofSeconds(20), defaults.authorizationTokenLifetime()), 0, Clock.systemUTC())) {
            jenkins.startAgent("agent-short", "short-credentials", dir.resolve("agent-short"), Map.of("PATH", System.getenv("PATH"),
                    "HOME", dir.resolve("agent-home").toString(), "AWS_EC2_METADATA_SERVICE_ENDPOINT", shortLived.endpoint() + "/"));
            jenkins.createPipelineJob("aws-role-renewal", """
                    node('short-credentials') {
                      withAwsRole {
                        sh 'echo "first=$AWS_ACCESS_KEY_ID key=$AWS_SECRET_ACCESS_KEY token=$AWS_SESSION_TOKEN"'
                        sleep 17
                        sh 'echo "second=$AWS_ACCESS_KEY_ID key=$AWS_SECRET_ACCESS_KEY token=$AWS_SESSION_TOKEN"'
                      }
                    }
                    """);
            int number = jenkins.build("aws-role-renewal", Map.of());
            String result = jenkins.awaitResult("aws-role-renewal", number, BUILD_TIMEOUT);
            String console = jenkins.console("aws-role-renewal", number);

            assertEquals("SUCCESS", result, console);
            String first = console.lines().filter(l -> l.startsWith("first=")).findFirst().orElseThrow();
            String second = console.lines().filter(l -> l.startsWith("second=")).findFirst().orElseThrow();
            assertFalse(first.split(" ")[0].substring(6).equals(second.split(" ")[0].substring(7)),
                    "the block got new credentials before the first set expired:\n" + console);
            assertTrue(first.endsWith("key=**** token=****") && second.endsWith("key=**** token=****"), console);
        }
    }

    @Test
    void withAwsRoleBindsTheAgentsCredentialsAndMasksTheSecrets() throws Exception {
        AwsSessionCredentials instance = (AwsSessionCredentials) aws.instanceProfile().resolveCredentials();
        jenkins.createPipelineJob("aws-role", """
                node('docker') {
                  withAwsRole {
                    sh 'echo "key=$AWS_SECRET_ACCESS_KEY token=$AWS_SESSION_TOKEN id=$AWS_ACCESS_KEY_ID region=$AWS_REGION"'
                    sh 'test "${#AWS_SECRET_ACCESS_KEY}" -gt 10 && echo "the block sees the secret key"'
                  }
                  sh 'echo "after: ${AWS_SECRET_ACCESS_KEY:-unset}"'
                }
                """);
        int number = jenkins.build("aws-role", Map.of());
        String result = jenkins.awaitResult("aws-role", number, BUILD_TIMEOUT);
        String console = jenkins.console("aws-role", number);

        assertEquals("SUCCESS", result, console);
        assertTrue(console.contains("key=**** token=**** id=" + instance.accessKeyId() + " region=eu-west-1"), console);
        assertTrue(console.contains("the block sees the secret key"), console);
        assertTrue(console.contains("after: unset"), console);
        assertFalse(console.contains(instance.secretAccessKey()) || console.contains(instance.sessionToken()), console);
    }

    @Test
    void ecrLoginLogsTheAgentsDockerInAndReturnsTheRegistry() throws Exception {
        jenkins.createPipelineJob("ecr-login", """
                node('docker') {
                  def hosts = ecrDockerLogin()
                  echo "hosts=${hosts}"
                  sh "docker tag local/busybox:latest ${hosts[0]}/web-production:by-ecr-login && docker push ${hosts[0]}/web-production:by-ecr-login"
                }
                """);
        int number = jenkins.build("ecr-login", Map.of());
        String result = jenkins.awaitResult("ecr-login", number, BUILD_TIMEOUT);
        String console = jenkins.console("ecr-login", number);

        assertEquals("SUCCESS", result, console);
        assertTrue(console.contains("hosts=[" + registry + "]"), console);
        assertTrue(digestInEcr("web-production", "by-ecr-login") != null, console);
    }

    @Test
    void withEcrGivesTheBlockAPrivateLoggedInConfigAndDeletesItAfter() throws Exception {
        jenkins.createPipelineJob("with-ecr", """
                node('docker') {
                  def config = ''
                  withEcr {
                    config = sh(returnStdout: true, script: 'echo "$DOCKER_CONFIG"').trim()
                    sh 'stat -c "mode=%a" "$DOCKER_CONFIG"; echo "domain=$AWS_ECR_DOMAIN"'
                    sh 'docker tag local/busybox:latest $AWS_ECR_DOMAIN/web-qa:by-with-ecr && docker push $AWS_ECR_DOMAIN/web-qa:by-with-ecr'
                  }
                  sh "test ! -e '${config}' && echo 'private config deleted'"
                  sh 'echo "after=${DOCKER_CONFIG:-unset}"'
                }
                """);
        int number = jenkins.build("with-ecr", Map.of());
        String result = jenkins.awaitResult("with-ecr", number, BUILD_TIMEOUT);
        String console = jenkins.console("with-ecr", number);

        assertEquals("SUCCESS", result, console);
        assertTrue(console.contains("mode=700") && console.contains("domain=" + registry), console);
        assertTrue(console.contains("private config deleted") && console.contains("after=unset"), console);
        assertTrue(digestInEcr("web-qa", "by-with-ecr") != null, console);
    }

    @Test
    void thePluginLoadsAndItsStepsExplainThemselves() throws Exception {
        String plugins = jenkins.get("pluginManager/api/json?depth=1&tree=plugins[shortName,active,enabled]").body();
        assertTrue(plugins.contains("{\"active\":true,\"enabled\":true,\"shortName\":\"ecr-image-pipeline\"}"), plugins);
        String help = jenkins.get("descriptorByName/io.jenkins.plugins.ecrpipeline.jenkins.IntermediateBuildStep/help").body();
        assertTrue(help.contains("ARG BUILD_DATE"), help);
        assertTrue(jenkins.get("descriptorByName/io.jenkins.plugins.ecrpipeline.jenkins.IntermediateBuildStep/help/pattern").body()
                .contains("-(production|qa)"));
        assertTrue(jenkins.get("descriptorByName/io.jenkins.plugins.ecrpipeline.jenkins.WithAwsRoleStep/help").body().contains("agent's own"));
        assertTrue(jenkins.get("descriptorByName/io.jenkins.plugins.ecrpipeline.jenkins.EcrLoginStep/help").body().contains("--password-stdin"));
        assertTrue(jenkins.get("descriptorByName/io.jenkins.plugins.ecrpipeline.jenkins.WithEcrStep/help").body().contains("deleted"));
        assertTrue(jenkins.get("descriptorByName/io.jenkins.plugins.ecrpipeline.jenkins.EcrPromoteStep/help").body().contains("without pulling"));
        assertTrue(jenkins.get("descriptorByName/io.jenkins.plugins.ecrpipeline.jenkins.EcrDeployStep/help").body().contains("IMAGE_DIGEST"));
        // The Snippet Generator offers each step and renders its form (config.jelly) when picked, as a browser asks for it.
        String snippetizer = jenkins.get("pipeline-syntax/").body();
        for (String text : List.of("intermediateBuild: Build and push the nightly images", "withAwsRole: Bind AWS credentials",
                "ecrDockerLogin: Log docker in to Amazon ECR", "withEcr: Run a block logged in to Amazon ECR",
                "ecrPromote: Promote images in ECR", "ecrDeploy: Deploy promoted images", "ecrCleanup: Clean up old images in ECR")) {
            assertTrue(snippetizer.contains(text), "the Snippet Generator offers '" + text + "'");
        }
        Map<String, String> forms = Map.of("IntermediateBuildStep", "Service name pattern", "WithAwsRoleStep", "Role to assume (ARN)",
                "EcrLoginStep", "Also log in to this role", "WithEcrStep", "Also log in to this role",
                "EcrPromoteStep", "Promote to (tags)", "EcrDeployStep", "Deploy command (sh -c)",
                "EcrCleanupStep", "Delete untagged images older than");
        for (Map.Entry<String, String> form : forms.entrySet()) {
            String rendered = jenkins.renderOnDemand(snippetizer, "io.jenkins.plugins.ecrpipeline.jenkins." + form.getKey());
            assertTrue(rendered.contains(form.getValue()) && rendered.contains("help"), form.getKey() + " form: " + rendered);
        }
    }

    @Test
    void jenkinsfileExamplePassesTheDeclarativeValidatorAndABrokenOneDoesNot() throws Exception {
        String example = Files.readString(ProjectRoot.resolve("Jenkinsfile.example"));
        String valid = jenkins.postForm("pipeline-model-converter/validate", Map.of("jenkinsfile", example)).body();
        assertTrue(valid.contains("Jenkinsfile successfully validated."), valid);
        // The README's declarative examples too.
        String readme = Files.readString(ProjectRoot.resolve("README.md"));
        java.util.regex.Matcher block = java.util.regex.Pattern.compile("```groovy\n(pipeline \\{.*?)```", java.util.regex.Pattern.DOTALL).matcher(readme);
        int examples = 0;
        while (block.find()) {
            examples++;
            String answer = jenkins.postForm("pipeline-model-converter/validate", Map.of("jenkinsfile", block.group(1))).body();
            assertTrue(answer.contains("Jenkinsfile successfully validated."), "README example " + examples + ": " + answer);
        }
        assertTrue(examples >= 1, "the README has a declarative example");
        String broken = jenkins.postForm("pipeline-model-converter/validate", Map.of("jenkinsfile", example.replace("stages {", "stagez {"))).body();
        assertFalse(broken.contains("successfully validated"), broken);
        assertTrue(broken.toLowerCase(java.util.Locale.ROOT).contains("error") || broken.contains("Errors"), broken);
    }
}
