package io.jenkins.plugins.ecrpipeline.jenkins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.CookieManager;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A real Jenkins controller: the real {@code jenkins.war} with the Pipeline plugins and our {@code .hpi} in a fresh
 * {@code JENKINS_HOME} on 127.0.0.1, driven over its REST API with a crumb, as a person's browser or a script would;
 * plus a real agent connected over WebSocket. Nothing is mocked.
 */
final class JenkinsController implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    final Path home;
    final URI url;
    private Process controller;
    private final List<Process> agents = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).connectTimeout(Duration.ofSeconds(5)).build();
    private String crumbField;
    private String crumb;

    private JenkinsController(Path home, URI url, Process controller) {
        this.home = home;
        this.url = url;
        this.controller = controller;
    }

    /** Boots the controller with the plugin set of {@code jenkins-plugins.txt} and our plugin; fails loudly if it cannot. */
    static JenkinsController start(Path home) throws Exception {
        Path war = requiredFile("ecrpipeline.jenkinsWar");
        Path hpi = requiredFile("ecrpipeline.hpi");
        Path repository = Path.of(System.getProperty("ecrpipeline.mavenRepository", System.getProperty("user.home") + "/.m2/repository"));
        Path plugins = Files.createDirectories(home.resolve("plugins"));
        for (String line : new String(JenkinsController.class.getResourceAsStream("/jenkins-plugins.txt").readAllBytes(), StandardCharsets.UTF_8)
                .split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] gav = line.strip().split(":");
            Path file = repository.resolve(gav[0].replace('.', '/')).resolve(gav[1]).resolve(gav[2]).resolve(gav[1] + "-" + gav[2] + ".hpi");
            if (!Files.isRegularFile(file)) {
                throw new IllegalStateException("plugin " + line.strip() + " is not in the local Maven repository (" + file + ")");
            }
            Files.copy(file, plugins.resolve(gav[1] + ".jpi"), StandardCopyOption.REPLACE_EXISTING);
        }
        Files.copy(hpi, plugins.resolve("ecr-image-pipeline.jpi"), StandardCopyOption.REPLACE_EXISTING);
        int port = freePort();
        URI url = URI.create("http://127.0.0.1:" + port + "/");
        JenkinsController jenkins = new JenkinsController(home, url, launch(war, home, port));
        jenkins.awaitUp(Duration.ofMinutes(4));
        return jenkins;
    }

    private static Process launch(Path war, Path home, int port) throws IOException {
        ProcessBuilder builder = new ProcessBuilder("java", "-Xmx768m",
                "-Djenkins.install.runSetupWizard=false", "-Dhudson.model.UpdateCenter.never=true",
                "-Dhudson.model.DownloadService.never=true", "-Dhudson.model.UsageStatistics.disabled=true",
                "-Djenkins.model.Jenkins.slaveAgentPort=-1", "-Djenkins.model.Jenkins.slaveAgentPortEnforce=true",
                // The shared library and the Jenkinsfiles of the tests come from git repositories on this machine.
                "-Dhudson.plugins.git.GitSCM.ALLOW_LOCAL_CHECKOUT=true",
                "-jar", war.toString(), "--httpListenAddress=127.0.0.1", "--httpPort=" + port, "--webroot=" + home.resolve("war"))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("jenkins.log").toFile()));
        builder.environment().put("JENKINS_HOME", home.toString());
        return builder.start();
    }

    /** Stops the controller as a service manager does (SIGTERM, then waits) and starts it again on the same home and port. */
    void restart() throws Exception {
        controller.destroy();
        controller.waitFor();
        controller = launch(requiredFile("ecrpipeline.jenkinsWar"), home, url.getPort());
        crumb = null;
        awaitUp(Duration.ofMinutes(4));
    }

    private static Path requiredFile(String property) {
        String value = System.getProperty(property);
        if (value == null || !Files.isRegularFile(Path.of(value))) {
            throw new IllegalStateException("system property " + property + " must name a file (run with mvn -Pjenkins verify): " + value);
        }
        return Path.of(value);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private void awaitUp(Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!controller.isAlive()) {
                throw new IllegalStateException("Jenkins exited at start-up:\n" + log());
            }
            try {
                HttpResponse<String> response = get("api/json");
                if (response.statusCode() == 200) {
                    JsonNode crumbJson = JSON.readTree(get("crumbIssuer/api/json").body());
                    crumbField = crumbJson.get("crumbRequestField").asText();
                    crumb = crumbJson.get("crumb").asText();
                    requireOurPluginActive();
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("Jenkins was not up after " + timeout + ":\n" + log());
    }

    /**
     * Fails at start-up, with Jenkins' own reason, when our plugin did not load (a dependency missing from
     * {@code jenkins-plugins.txt}, say): otherwise each test fails later on "No such DSL method".
     */
    private void requireOurPluginActive() throws Exception {
        JsonNode plugins = JSON.readTree(get("pluginManager/api/json?tree=plugins[shortName,active]").body()).get("plugins");
        for (JsonNode plugin : plugins) {
            if (plugin.get("shortName").asText().equals("ecr-image-pipeline") && plugin.get("active").asBoolean()) {
                return;
            }
        }
        String reasons = log().lines().filter(line -> line.contains("Failed Loading plugin") || line.contains(" - ")
                && line.contains("is missing") || line.contains("Update required")).collect(java.util.stream.Collectors.joining("\n"));
        throw new IllegalStateException("the ecr-image-pipeline plugin is not active in the controller; add its missing dependencies to "
                + "jenkins-plugins.txt:\n" + reasons);
    }

    String log() throws IOException {
        return Files.readString(home.resolve("jenkins.log"));
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(url.resolve(path)).timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String contentType, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url.resolve(path)).timeout(Duration.ofSeconds(120))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (crumb != null) {
            request.header(crumbField, crumb);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> postForm(String path, Map<String, String> form) throws IOException, InterruptedException {
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return post(path, "application/x-www-form-urlencoded", body);
    }

    /**
     * Renders a lazily loaded form block of {@code page} (the dropdown entry for {@code describableClass}) the way the
     * browser does: stapler's bind.js posts to the block's proxy with its own {@code Crumb} header and the page's
     * {@code Jenkins-Crumb}.
     */
    String renderOnDemand(String page, String describableClass) throws IOException, InterruptedException {
        int classEntry = page.indexOf("value=\"" + describableClass + "\"");
        if (classEntry < 0) {
            throw new IllegalStateException(describableClass + " is not offered on the page");
        }
        // makeStaplerProxy('<bound URL>', '<stapler crumb>', ['render']), HTML-escaped in the attribute.
        java.util.regex.Matcher proxy = java.util.regex.Pattern
                .compile("proxy=\"makeStaplerProxy\\((?:'|&#39;)([^'&]+)(?:'|&#39;),\\s*(?:'|&#39;)([^'&]*)").matcher(page);
        String bound = null;
        String staplerCrumb = null;
        while (proxy.find() && proxy.start() < classEntry) {
            bound = proxy.group(1);
            staplerCrumb = proxy.group(2);
        }
        java.util.regex.Matcher pageCrumb = java.util.regex.Pattern.compile("data-crumb-value=\"([0-9a-f]+)\"").matcher(page);
        if (bound == null || !pageCrumb.find()) {
            throw new IllegalStateException("no render-on-demand block (or no crumb) before " + describableClass);
        }
        HttpRequest request = HttpRequest.newBuilder(url.resolve(bound.substring(1) + "/render")).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/x-stapler-method-invocation;charset=UTF-8").header("Crumb", staplerCrumb)
                .header(crumbField, pageCrumb.group(1)).POST(HttpRequest.BodyPublishers.ofString("[]")).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("render of " + describableClass + " answered " + response.statusCode() + ": "
                    + response.body().substring(0, Math.min(800, response.body().length())));
        }
        return response.body();
    }

    /** Runs Groovy in the script console (as an administrator would) and returns what it printed. */
    String script(String groovy) throws IOException, InterruptedException {
        HttpResponse<String> response = postForm("scriptText", Map.of("script", groovy));
        if (response.statusCode() != 200) {
            throw new IllegalStateException("script console answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    /** A Pipeline job whose script is {@code script} (sandboxed, as a Jenkinsfile author writes it). */
    void createPipelineJob(String name, String script) throws IOException, InterruptedException {
        String config = """
                <?xml version='1.1' encoding='UTF-8'?>
                <flow-definition plugin="workflow-job">
                  <definition class="org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition" plugin="workflow-cps">
                    <script>%s</script>
                    <sandbox>true</sandbox>
                  </definition>
                </flow-definition>
                """.formatted(script.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"));
        HttpResponse<String> response = post("createItem?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8), "application/xml", config);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("createItem " + name + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    /** A Pipeline job whose Jenkinsfile comes from the main branch of a git repository (so {@code checkout scm} works). */
    void createPipelineJobFromGit(String name, Path repository) throws IOException, InterruptedException {
        String config = """
                <?xml version='1.1' encoding='UTF-8'?>
                <flow-definition plugin="workflow-job">
                  <definition class="org.jenkinsci.plugins.workflow.cps.CpsScmFlowDefinition" plugin="workflow-cps">
                    <scm class="hudson.plugins.git.GitSCM" plugin="git">
                      <configVersion>2</configVersion>
                      <userRemoteConfigs><hudson.plugins.git.UserRemoteConfig><url>%s</url></hudson.plugins.git.UserRemoteConfig></userRemoteConfigs>
                      <branches><hudson.plugins.git.BranchSpec><name>*/main</name></hudson.plugins.git.BranchSpec></branches>
                    </scm>
                    <scriptPath>Jenkinsfile</scriptPath>
                    <lightweight>false</lightweight>
                  </definition>
                </flow-definition>
                """.formatted(repository.toUri());
        HttpResponse<String> response = post("createItem?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8), "application/xml", config);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("createItem " + name + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    /** Makes the main branch of a git repository the global Pipeline library {@code name} (trusted, as administrators add it). */
    void addGlobalLibrary(String name, Path repository) throws IOException, InterruptedException {
        String printed = script("""
                import org.jenkinsci.plugins.workflow.libs.*
                def library = new LibraryConfiguration('%s', new SCMSourceRetriever(new jenkins.plugins.git.GitSCMSource('%s')))
                library.defaultVersion = 'main'
                GlobalLibraries.get().libraries = GlobalLibraries.get().libraries + [library]
                print 'added'
                """.formatted(name, repository.toUri()));
        if (!printed.strip().equals("added")) {
            throw new IllegalStateException("could not add the library " + name + ": " + printed);
        }
    }

    /** Triggers a build (with parameters when given) and returns its number once it has left the queue. */
    int build(String job, Map<String, String> parameters) throws Exception {
        HttpResponse<String> response = parameters.isEmpty() ? post("job/" + job + "/build?delay=0sec", null, "")
                : postForm("job/" + job + "/buildWithParameters?delay=0sec", parameters);
        if (response.statusCode() != 201) {
            throw new IllegalStateException("build of " + job + " answered " + response.statusCode() + ": " + response.body());
        }
        URI queueItem = URI.create(response.headers().firstValue("Location").orElseThrow());
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (Instant.now().isBefore(deadline)) {
            JsonNode item = JSON.readTree(get(url.relativize(queueItem).getPath() + "api/json").body());
            if (item.hasNonNull("executable")) {
                return item.get("executable").get("number").asInt();
            }
            Thread.sleep(300);
        }
        throw new IllegalStateException("build of " + job + " never left the queue");
    }

    /** Waits for a build to finish; returns its result (SUCCESS, FAILURE, ABORTED...). */
    String awaitResult(String job, int number, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            JsonNode build = JSON.readTree(get("job/" + job + "/" + number + "/api/json?tree=result,building").body());
            if (!build.get("building").asBoolean() && build.hasNonNull("result")) {
                return build.get("result").asText();
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException(job + " #" + number + " did not finish in " + timeout + ":\n" + console(job, number));
    }

    String console(String job, int number) throws IOException, InterruptedException {
        return get("job/" + job + "/" + number + "/consoleText").body();
    }

    /**
     * The environment of an EC2 agent: no keys, only the instance metadata endpoint (here local-aws's), with AWS calls
     * sent to local-aws and the local stack's docker client.
     */
    static Map<String, String> ec2AgentEnvironment(Path home, io.jenkins.plugins.ecrpipeline.localaws.LocalEcrFixture aws,
            io.jenkins.plugins.ecrpipeline.support.LocalStack stack) {
        Map<String, String> environment = new java.util.HashMap<>();
        environment.put("PATH", System.getenv("PATH"));
        environment.put("HOME", home.toString());
        environment.put("AWS_EC2_METADATA_SERVICE_ENDPOINT", aws.server.endpoint() + "/");
        environment.put("AWS_ENDPOINT_URL", aws.server.endpoint().toString());
        environment.put("ECR_PIPELINE_DOCKER", stack.docker().toString());
        return environment;
    }

    /** A permanent agent with {@code label}, connected over WebSocket from a real agent JVM with {@code environment}. */
    void startAgent(String name, String label, Path workDir, Map<String, String> environment) throws Exception {
        String secret = script("""
                def launcher = new hudson.slaves.JNLPLauncher()
                launcher.setWebSocket(true)
                def node = new hudson.slaves.DumbSlave('%s', '%s', launcher)
                node.setLabelString('%s')
                node.setNumExecutors(2)
                node.setRetentionStrategy(hudson.slaves.RetentionStrategy.Always.INSTANCE)
                jenkins.model.Jenkins.get().addNode(node)
                print jenkins.model.Jenkins.get().getComputer('%s').getJnlpMac()
                """.formatted(name, workDir, label, name)).strip();
        Path agentJar = workDir.resolve("agent.jar");
        Files.createDirectories(workDir);
        http.send(HttpRequest.newBuilder(url.resolve("jnlpJars/agent.jar")).GET().build(), HttpResponse.BodyHandlers.ofFile(agentJar));
        ProcessBuilder builder = new ProcessBuilder("java", "-Xmx512m", "-jar", agentJar.toString(), "-jnlpUrl",
                url.resolve("computer/" + name + "/jenkins-agent.jnlp").toString(), "-secret", secret, "-workDir", workDir.toString())
                .redirectErrorStream(true).redirectOutput(workDir.resolve("agent.log").toFile());
        builder.environment().putAll(environment);
        agents.add(builder.start());
        Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
        while (Instant.now().isBefore(deadline)) {
            if (script("print jenkins.model.Jenkins.get().getComputer('" + name + "').isOnline()").strip().equals("true")) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("agent " + name + " did not come online:\n" + Files.readString(workDir.resolve("agent.log")));
    }

    @Override
    public void close() throws Exception {
        for (Process agent : agents) {
            agent.destroy();
        }
        controller.destroy();
        // An agent JVM whose controller went away first can sit in its reconnect loop; the run must not wait on it.
        for (Process process : agents) {
            stop(process);
        }
        stop(controller);
    }

    private static void stop(Process process) throws InterruptedException {
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        }
    }
}
