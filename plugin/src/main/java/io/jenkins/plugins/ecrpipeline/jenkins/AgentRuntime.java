package io.jenkins.plugins.ecrpipeline.jenkins;

import hudson.FilePath;
import hudson.model.Computer;
import hudson.model.Node;
import hudson.model.TaskListener;
import io.jenkins.plugins.ecrpipeline.PipelineException;
import io.jenkins.plugins.ecrpipeline.durable.DurableJobMain;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jenkins.security.MasterToSlaveCallable;

/**
 * How a durable job's JVM starts on an agent: the agent's own {@code java} (it runs the agent, so it is there), with
 * the engine's libraries copied once into the agent's root directory and copied again only when they change.
 */
final class AgentRuntime {
    private AgentRuntime() {
    }

    /** {@code java -cp <jars>}, as words, for the agent that holds {@code workspace}. */
    static List<String> javaCommand(FilePath workspace, TaskListener listener) throws IOException, InterruptedException {
        String java = workspace.act(new JavaExecutable());
        FilePath cache = cacheDirectory(workspace);
        List<String> classpath = new ArrayList<>();
        int copied = 0;
        for (URL library : libraries()) {
            String path = library.getPath();
            if (path.endsWith("/")) {
                // Classes in a directory (a build of the engine from source, as in the plugin's own tests): copied each time.
                FilePath target = cache.child("classes-" + Integer.toHexString(path.hashCode()));
                target.deleteRecursive();
                new FilePath(new java.io.File(URI.create(library.toExternalForm()))).copyRecursiveTo(target);
                classpath.add(target.getRemote());
                continue;
            }
            FilePath target = cache.child(path.substring(path.lastIndexOf('/') + 1));
            URLConnection connection = library.openConnection();
            if (!target.exists() || target.length() != connection.getContentLengthLong()) {
                target.copyFrom(library);
                copied++;
            }
            classpath.add(target.getRemote());
        }
        if (copied > 0) {
            listener.getLogger().println(Messages.AgentRuntime_Copied(copied, cache.getRemote()));
        }
        // The AWS SDK logs through SLF4J; in a job's JVM its log lines would only repeat what the engine reports.
        return List.of(java, "-Dslf4j.provider=org.slf4j.helpers.NOP_FallbackServiceProvider", "-cp", String.join(":", classpath));
    }

    /** {@code <agent root>/caches/ecr-image-pipeline/lib}, or beside the workspace when the node is not known. */
    private static FilePath cacheDirectory(FilePath workspace) throws IOException, InterruptedException {
        Computer computer = workspace.toComputer();
        Node node = computer == null ? null : computer.getNode();
        FilePath root = node == null ? null : node.getRootPath();
        FilePath base = root != null ? root : workspace.getParent();
        if (base == null) {
            throw new PipelineException(Messages.AgentRuntime_NoParent(workspace.getRemote()));
        }
        FilePath cache = base.child("caches").child("ecr-image-pipeline").child("lib");
        cache.mkdirs();
        return cache;
    }

    /**
     * What the engine needs: its own classes, the libraries the engine's build listed ({@code libraries.txt}: the AWS
     * SDK), found among the plugin's libraries (or, in the plugin's own tests, on the class path), and those Jenkins
     * and its library plugins provide (Jackson, SnakeYAML, SLF4J), found by where their classes were loaded from.
     */
    static Collection<URL> libraries() throws IOException {
        Map<String, URL> available = new LinkedHashMap<>();
        if (AgentRuntime.class.getClassLoader() instanceof URLClassLoader plugin) {
            for (URL url : plugin.getURLs()) {
                available.put(fileName(url), url);
            }
        }
        for (String entry : System.getProperty("java.class.path", "").split(java.io.File.pathSeparator)) {
            if (!entry.isEmpty()) {
                URL url = new java.io.File(entry).toURI().toURL();
                available.putIfAbsent(fileName(url), url);
            }
        }
        // By their text: URL's own equals and hashCode resolve host names.
        Map<String, URL> jars = new LinkedHashMap<>();
        URL engine = DurableJobMain.class.getProtectionDomain().getCodeSource().getLocation();
        jars.put(engine.toExternalForm(), engine);
        try (InputStream listed = DurableJobMain.class.getResourceAsStream("libraries.txt")) {
            if (listed == null) {
                throw new PipelineException(Messages.AgentRuntime_NoLibraryList(engine));
            }
            for (String entry : new String(listed.readAllBytes(), StandardCharsets.UTF_8).strip().split(",")) {
                String name = entry.substring(entry.lastIndexOf('/') + 1);
                URL jar = available.get(name);
                if (jar == null) {
                    throw new PipelineException(Messages.AgentRuntime_LibraryMissing(name, available.size()));
                }
                jars.put(jar.toExternalForm(), jar);
            }
        }
        for (Class<?> type : List.of(com.fasterxml.jackson.databind.ObjectMapper.class, com.fasterxml.jackson.core.JsonParser.class,
                com.fasterxml.jackson.annotation.JsonProperty.class, org.yaml.snakeyaml.Yaml.class, org.slf4j.LoggerFactory.class)) {
            URL jar = type.getProtectionDomain().getCodeSource().getLocation();
            jars.put(jar.toExternalForm(), jar);
        }
        return jars.values();
    }

    private static String fileName(URL url) {
        String path = url.getPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** The {@code java} of the agent's own JVM. */
    private static final class JavaExecutable extends MasterToSlaveCallable<String, RuntimeException> {
        private static final long serialVersionUID = 1L;

        @Override
        public String call() {
            return System.getProperty("java.home") + "/bin/java";
        }
    }
}
