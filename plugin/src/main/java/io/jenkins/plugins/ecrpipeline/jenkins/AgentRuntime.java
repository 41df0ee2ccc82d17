package io.jenkins.plugins.ecrpipeline.jenkins;

import hudson.FilePath;
import hudson.model.Computer;
import hudson.model.Node;
import hudson.model.TaskListener;
import io.jenkins.plugins.ecrpipeline.PipelineException;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.URLConnection;
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
            FilePath target = cache.child(path.substring(path.lastIndexOf('/') + 1));
            URLConnection connection = library.openConnection();
            if (!target.exists() || target.length() != connection.getContentLengthLong()) {
                target.copyFrom(library);
                copied++;
            }
            classpath.add(target.getRemote());
        }
        if (copied > 0) {
            listener.getLogger().println("ecr-image-pipeline: copied " + copied + " librar" + (copied == 1 ? "y" : "ies") + " to " + cache.getRemote()
                    + " (once per plugin version)");
        }
        // The AWS SDK logs through SLF4J; in a job's JVM its log lines would only repeat what the engine reports.
        return List.of(java, "-Dslf4j.provider=org.slf4j.helpers.NOPServiceProvider", "-cp", String.join(":", classpath));
    }

    /** {@code <agent root>/caches/ecr-image-pipeline/lib}, or beside the workspace when the node is not known. */
    private static FilePath cacheDirectory(FilePath workspace) throws IOException, InterruptedException {
        Computer computer = workspace.toComputer();
        Node node = computer == null ? null : computer.getNode();
        FilePath root = node == null ? null : node.getRootPath();
        FilePath base = root != null ? root : workspace.getParent();
        if (base == null) {
            throw new PipelineException("the workspace " + workspace.getRemote() + " has no parent directory to keep the plugin's libraries in");
        }
        FilePath cache = base.child("caches").child("ecr-image-pipeline").child("lib");
        cache.mkdirs();
        return cache;
    }

    /**
     * The jars the engine needs: the plugin's own libraries, and those it takes from library plugins (Jackson,
     * SnakeYAML), found by where their classes were loaded from.
     */
    static Collection<URL> libraries() {
        // By their text: URL's own equals and hashCode resolve host names.
        Map<String, URL> jars = new LinkedHashMap<>();
        if (!(AgentRuntime.class.getClassLoader() instanceof URLClassLoader plugin)) {
            throw new PipelineException("this Jenkins loads plugins in a way ecr-image-pipeline cannot find its libraries in ("
                    + AgentRuntime.class.getClassLoader().getClass().getName() + ")");
        }
        for (URL url : plugin.getURLs()) {
            if (url.getPath().endsWith(".jar")) {
                jars.put(url.toExternalForm(), url);
            }
        }
        // Jackson and SnakeYAML may come from library plugins, SLF4J (which the AWS SDK logs through) from Jenkins itself.
        for (Class<?> type : List.of(com.fasterxml.jackson.databind.ObjectMapper.class, com.fasterxml.jackson.core.JsonParser.class,
                com.fasterxml.jackson.annotation.JsonProperty.class, org.yaml.snakeyaml.Yaml.class, org.slf4j.LoggerFactory.class)) {
            URL jar = type.getProtectionDomain().getCodeSource().getLocation();
            jars.put(jar.toExternalForm(), jar);
        }
        return jars.values();
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
