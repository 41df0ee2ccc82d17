package io.jenkins.plugins.ecrpipeline.jenkins;

import hudson.FilePath;
import hudson.model.Computer;
import hudson.model.Node;
import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;
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
import jenkins.MasterToSlaveFileCallable;
import jenkins.security.MasterToSlaveCallable;
import jenkins.util.SystemProperties;

/**
 * How a durable job's JVM starts on an agent: the agent's own {@code java} (it runs the agent, so it is there), with
 * the engine's libraries copied once into the agent's root directory and copied again only when they change, and the
 * start-up options bin/ecr-image-pipeline gives the CLI, for the same reason: the JVM lives seconds to minutes and
 * mostly waits on docker and AWS, so it should take as little as it can of the CPU the builds need.
 * <ul>
 * <li>The C1 compiler only and the serial GC: C2 and parallel GC threads pay off only in long runs.</li>
 * <li>Class-data sharing of the engine's classes ({@link JobClassData}), an archive per step, library set and JDK
 * under the agent's {@code caches/ecr-image-pipeline/cds}.</li>
 * </ul>
 * Only on HotSpot JVMs; the system property {@code io.jenkins.plugins.ecrpipeline.jenkins.AgentRuntime.startUpOptions=false}
 * on the controller turns both off.
 */
final class AgentRuntime {
    /** The JVM options every job gets, before its own (DurableJob.jvmOptions). */
    static final List<String> START_UP = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    private AgentRuntime() {
    }

    /**
     * The {@code sh} script that starts a job's JVM on the agent that holds {@code workspace}: {@code exec} of it, or,
     * on the first job that writes a class-data archive, a run followed by the archive's move into place
     * ({@link JobClassData}).
     *
     * @param kind the step, so that each kind of job has the archive of the classes it loads
     * @param jobOptions the job's own JVM options
     * @param mainAndArguments the main class and its arguments
     */
    static String jobScript(FilePath workspace, TaskListener listener, String kind, List<String> jobOptions, List<String> mainAndArguments)
            throws IOException, InterruptedException {
        AgentJava java = workspace.act(new JavaOfTheAgent());
        FilePath root = cacheRoot(workspace);
        Libraries libraries = copyLibraries(root.child("lib"), listener);
        if (libraries.copied()) {
            // Archives (and partial ones of jobs that were killed) of the libraries these replace: the JVM would ignore
            // an archive of jars changed under the same names and never write a new one.
            root.child("cds").deleteRecursive();
        }
        // The options are HotSpot's (an OpenJ9 JVM would warn of each in the build's log); they can be turned off.
        boolean startUpOptions = java.hotSpot() && SystemProperties.getBoolean(AgentRuntime.class.getName() + ".startUpOptions", true);
        List<String> words = new ArrayList<>();
        words.add(java.executable());
        if (startUpOptions) {
            words.addAll(START_UP);
        }
        words.addAll(jobOptions);
        // The AWS SDK logs through SLF4J; in a job's JVM its log lines would only repeat what the engine reports.
        words.add("-Dslf4j.provider=org.slf4j.helpers.NOP_FallbackServiceProvider");
        JobClassData classData = startUpOptions && libraries.allJars()
                ? JobClassData.of(root.child("cds"), kind, libraries.fingerprint(), java.version(), javaMajor(java.specificationVersion()))
                : JobClassData.NONE;
        words.addAll(classData.options());
        words.add("-cp");
        words.add(String.join(":", libraries.classpath()));
        words.addAll(mainAndArguments);
        // durable-task runs the script with sh -x; the command line (the agent's java and a long class path) is not worth a log line.
        return "set +x\n" + classData.script(String.join(" ", words.stream().map(AgentRuntime::quote).toList()));
    }

    /**
     * The job's class path on the agent, whether every entry is a jar (the only entries class-data sharing takes), and
     * whether any had to be copied this time.
     */
    private record Libraries(List<String> classpath, boolean allJars, String fingerprint, boolean copied) {
    }

    /** Copies the libraries the agent does not have yet (or has in another size), asking it once which those are. */
    private static Libraries copyLibraries(FilePath cache, TaskListener listener) throws IOException, InterruptedException {
        cache.mkdirs();
        Map<String, Long> jarSizes = new LinkedHashMap<>();
        Map<String, URL> jars = new LinkedHashMap<>();
        List<String> classpath = new ArrayList<>();
        boolean allJars = true;
        for (URL library : libraries()) {
            String path = library.getPath();
            if (path.endsWith("/")) {
                // Classes in a directory (a build of the engine from source, as in the plugin's own tests): copied each time.
                FilePath target = cache.child("classes-" + Integer.toHexString(path.hashCode()));
                target.deleteRecursive();
                new FilePath(new java.io.File(URI.create(library.toExternalForm()))).copyRecursiveTo(target);
                classpath.add(target.getRemote());
                allJars = false;
                continue;
            }
            String name = path.substring(path.lastIndexOf('/') + 1);
            URLConnection connection = library.openConnection();
            jarSizes.put(name, connection.getContentLengthLong());
            jars.put(name, library);
            classpath.add(cache.child(name).getRemote());
        }
        List<String> missing = cache.act(new MissingFiles(jarSizes));
        for (String name : missing) {
            cache.child(name).copyFrom(jars.get(name));
        }
        if (!missing.isEmpty()) {
            listener.getLogger().println(Messages.AgentRuntime_Copied(missing.size(), cache.getRemote()));
        }
        return new Libraries(classpath, allJars, Integer.toHexString(jarSizes.toString().hashCode()), !missing.isEmpty());
    }

    /** The major version of a {@code java.specification.version}: {@code 17}, or {@code 8} for {@code 1.8}. */
    static int javaMajor(String specification) {
        String[] parts = specification.split("\\.");
        try {
            return Integer.parseInt(parts[0].equals("1") && parts.length > 1 ? parts[1] : parts[0]);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** {@code <agent root>/caches/ecr-image-pipeline}, or beside the workspace when the node is not known. */
    private static FilePath cacheRoot(FilePath workspace) throws IOException, InterruptedException {
        Computer computer = workspace.toComputer();
        Node node = computer == null ? null : computer.getNode();
        FilePath root = node == null ? null : node.getRootPath();
        FilePath base = root != null ? root : workspace.getParent();
        if (base == null) {
            throw new PipelineException(Messages.AgentRuntime_NoParent(workspace.getRemote()));
        }
        return base.child("caches").child("ecr-image-pipeline");
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

    /** Single-quotes a word for sh. */
    static String quote(String word) {
        return "'" + word.replace("'", "'\"'\"'") + "'";
    }

    /**
     * The agent's own JVM.
     *
     * @param executable its {@code java}
     * @param specificationVersion {@code java.specification.version}
     * @param version {@code java.version}
     * @param vmName {@code java.vm.name}
     */
    record AgentJava(String executable, String specificationVersion, String version, String vmName) implements java.io.Serializable {
        private static final long serialVersionUID = 1L;

        /** OpenJDK's and Oracle's JVMs ("OpenJDK 64-Bit Server VM", "Java HotSpot(TM) ..."), not OpenJ9. */
        boolean hotSpot() {
            return vmName.contains("HotSpot") || vmName.startsWith("OpenJDK");
        }
    }

    private static final class JavaOfTheAgent extends MasterToSlaveCallable<AgentJava, RuntimeException> {
        private static final long serialVersionUID = 1L;

        @Override
        public AgentJava call() {
            return new AgentJava(System.getProperty("java.home") + "/bin/java", System.getProperty("java.specification.version"),
                    System.getProperty("java.version"), System.getProperty("java.vm.name", ""));
        }
    }

    /** Which of the named files, by size, the directory lacks: one question to the agent instead of two per library. */
    private static final class MissingFiles extends MasterToSlaveFileCallable<List<String>> {
        private static final long serialVersionUID = 1L;
        private final Map<String, Long> sizes;

        MissingFiles(Map<String, Long> sizes) {
            this.sizes = new LinkedHashMap<>(sizes);
        }

        @Override
        public List<String> invoke(java.io.File directory, VirtualChannel channel) {
            List<String> missing = new ArrayList<>();
            sizes.forEach((name, size) -> {
                java.io.File file = new java.io.File(directory, name);
                if (!file.isFile() || file.length() != size) {
                    missing.add(name);
                }
            });
            return missing;
        }
    }
}
