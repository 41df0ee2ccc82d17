package io.jenkins.plugins.ecrpipeline.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/ecr-image-pipeline runs the packaged CLI, writes a class-data archive per command on the first run that ran the
 * command and maps it on the next, so the CLI's own classes come from the archive instead of the jar.
 */
class LauncherIT {
    private static final Path ROOT = Path.of(System.getProperty("ecrpipeline.projectRoot", ".."));

    @TempDir
    Path cds;

    private record Run(int exitCode, String output) {
    }

    private Run launcher(Map<String, String> environment, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("bin/ecr-image-pipeline").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("ECR_PIPELINE_JAR", Path.of("target/ecr-image-pipeline.jar").toAbsolutePath().toString());
        builder.environment().put("ECR_PIPELINE_CDS_DIR", cds.toString());
        // The launcher runs the JDK these tests run on, whatever the PATH holds.
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().putAll(environment);
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.waitFor(), out);
    }

    private List<String> archives() throws Exception {
        try (Stream<Path> files = Files.list(cds)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void theFirstRunOfACommandWritesItsArchiveAndTheNextLoadsTheCliFromIt() throws Exception {
        Run first = launcher(Map.of(), "help", "build");
        assertEquals(0, first.exitCode(), first.output());
        assertTrue(first.output().startsWith("Usage: ecr-image-pipeline build"), "no CDS warnings in the output:\n" + first.output());
        List<String> written = archives();
        assertEquals(1, written.size(), written.toString());
        assertTrue(written.get(0).startsWith("help-") && written.get(0).endsWith(".jsa"), written.toString());

        Run second = launcher(Map.of("ECR_PIPELINE_JAVA_OPTS", "-Xlog:class+load=info"), "help", "build");
        assertEquals(0, second.exitCode(), second.output());
        assertTrue(second.output().lines().anyMatch(l -> l.contains("io.jenkins.plugins.ecrpipeline.cli.Main source: shared objects file")),
                "the CLI's main class comes from the archive:\n" + second.output().lines().filter(l -> l.contains("ecrpipeline")).limit(5).toList());
        assertEquals(written, archives(), "the archive is kept, not written again");
    }

    @Test
    void helpVersionAndRefusedRunsWriteNoArchive() throws Exception {
        // They load a fraction of what their command loads, and an archive is kept until the jar changes.
        assertEquals(0, launcher(Map.of(), "--version").exitCode());
        assertEquals(0, launcher(Map.of(), "build", "--help").exitCode());
        assertEquals(2, launcher(Map.of(), "build", "--no-such-option").exitCode());

        assertEquals(List.of(), archives());
    }

    @Test
    void picocliWhoseClassesAreBuiltForJava5ComesFromTheArchiveToo() throws Exception {
        assertEquals(0, launcher(Map.of(), "help", "build").exitCode());

        Run second = launcher(Map.of("ECR_PIPELINE_JAVA_OPTS", "-Xlog:class+load=info"), "help", "build");

        List<String> picocli = second.output().lines().filter(l -> l.contains(" picocli.")).toList();
        long fromArchive = picocli.stream().filter(l -> l.contains("source: shared objects file")).count();
        String detail = fromArchive + " of " + picocli.size() + " picocli classes from the archive on JDK " + Runtime.version() + ":\n"
                + picocli.stream().filter(l -> !l.contains("shared objects file")).limit(5).toList();
        if (Runtime.version().feature() < 19) {
            // The launcher's JDK 13-18 path, a static archive: an archive written at exit held none of them.
            assertTrue(fromArchive > 0.8 * picocli.size(), detail);
        } else {
            // JDK 19+: the JVM's own archive (-XX:+AutoCreateSharedArchive), which holds what that JDK can (JDK 25: 32 of 191).
            assertTrue(second.output().contains("io.jenkins.plugins.ecrpipeline.cli.Main source: shared objects file"), detail);
        }
    }

    @Test
    void aDebuggerAgentInTheJavaOptionsRunsTheCommandAndWritesNoArchive() throws Exception {
        // A JVM that writes an archive refuses to start with a native agent ("CDS dumping does not support native JVMTI agent").
        Run run = launcher(Map.of("ECR_PIPELINE_JAVA_OPTS", "-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=127.0.0.1:0"),
                "help", "build");
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("Usage: ecr-image-pipeline build"), run.output());
        assertEquals(List.of(), archives());
    }

    @Test
    void javaOptionsDoNotHideTheCommandItsArchiveIsNamedFor() throws Exception {
        Run run = launcher(Map.of("ECR_PIPELINE_JAVA_OPTS", "-ea -Xss1m"), "help", "build");
        assertEquals(0, run.exitCode(), run.output());
        List<String> written = archives();
        assertEquals(1, written.size(), written.toString());
        assertTrue(written.get(0).startsWith("help-"), written.toString());
    }

    @Test
    void withoutArchivesItStillRunsAndPassesTheExitCodeOn() throws Exception {
        Run run = launcher(Map.of("ECR_PIPELINE_CDS", "off"), "no-such-command");
        assertEquals(2, run.exitCode(), run.output());
        assertTrue(run.output().contains("Unmatched argument at index 0: 'no-such-command'"), run.output());
        assertEquals(List.of(), archives());
    }

    /** The durable ecrPromote step starts its JVM with DurableJob.Promote's options; the CLI's launcher must say the same. */
    @Test
    void promoteGetsTheSameJvmOptionsAsTheDurableStep() throws Exception {
        String script = Files.readString(ROOT.resolve("bin/ecr-image-pipeline"));
        String options = String.join(" ", io.jenkins.plugins.ecrpipeline.durable.DurableJob.Promote.JVM_OPTIONS);
        assertTrue(script.contains("command_opts=\"" + options + "\""), "bin/ecr-image-pipeline gives promote other options than " + options);
    }
}
