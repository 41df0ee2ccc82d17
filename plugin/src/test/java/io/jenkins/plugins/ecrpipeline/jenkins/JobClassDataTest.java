package io.jenkins.plugins.ecrpipeline.jenkins;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import hudson.FilePath;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The job script's part of class-data sharing, run by a real {@code sh} with {@code -xe}, as durable-task runs a
 * script: the first job of a kind writes the archive and moves it in place (keeping the job's exit status, replacing
 * the kind's older archives and no other kind's), and the next job maps it. The JVM is stood in for by a command that
 * writes what the JVM would write at its exit.
 */
public class JobClassDataTest {
    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private int sh(String script) throws Exception {
        Path file = temp.newFile().toPath();
        Files.writeString(file, "set +x\n" + script + "\n");
        Process p = new ProcessBuilder("sh", "-xe", file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int status = p.waitFor();
        assertEquals("the script prints nothing of its own after set +x", "+ set +x\n", out);
        return status;
    }

    @Test
    public void theFirstJobWritesTheArchiveInPlaceAndTheNextMapsIt() throws Exception {
        Path directory = temp.newFolder("cds with space").toPath();
        Files.writeString(directory.resolve("intermediateBuild-0ld-jdk17.0.14.jsa"), "older libraries, older JDK");
        Files.writeString(directory.resolve("ecrPromote-0ld-jdk17.0.14.jsa"), "another kind of job");

        JobClassData first = JobClassData.of(new FilePath(directory.toFile()), "intermediateBuild", "1ib5", "17.0.15", 17);
        assertTrue(first.options().toString(), first.options().contains("-XX:ArchiveClassesAtExit=" + first.writing()));
        assertTrue(first.options().containsAll(List.of("-Xlog:cds=off", "-Xlog:cds+dynamic=off")));
        Path archive = directory.resolve("intermediateBuild-1ib5-jdk17.0.15.jsa");
        assertEquals(archive.toString(), first.archive());

        assertEquals("the job's exit status: failed in part", 1, sh(first.script("sh -c " + AgentRuntime.quote("printf archived > "
                + AgentRuntime.quote(first.writing()) + "; exit 1"))));

        assertEquals("archived", Files.readString(archive));
        try (var files = Files.list(directory)) {
            assertEquals(List.of("ecrPromote-0ld-jdk17.0.14.jsa", "intermediateBuild-1ib5-jdk17.0.15.jsa"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        JobClassData next = JobClassData.of(new FilePath(directory.toFile()), "intermediateBuild", "1ib5", "17.0.15", 17);
        assertNull(next.writing());
        assertTrue(next.options().toString(), next.options().containsAll(List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:auto")));
        assertEquals("exec true", next.script("true"));
    }

    @Test
    public void aJobThatWroteNoArchiveLeavesNothingBehind() throws Exception {
        Path directory = temp.newFolder("cds").toPath();
        JobClassData first = JobClassData.of(new FilePath(directory.toFile()), "ecrCleanup", "1ib5", "17.0.15", 17);

        assertEquals(0, sh(first.script("touch " + AgentRuntime.quote(first.writing()))));

        try (var files = Files.list(directory)) {
            assertEquals("an empty archive (a dump that failed) is removed, not moved in", List.of(), files.toList());
        }
    }

    @Test
    public void aJobRefusedAtItsInputOrStoppedInstallsNoArchive() throws Exception {
        Path directory = temp.newFolder("cds").toPath();
        for (int status : List.of(2, 143)) {
            JobClassData first = JobClassData.of(new FilePath(directory.toFile()), "ecrPromote", "1ib5", "17.0.15", 17);
            assertEquals(status, sh(first.script("sh -c " + AgentRuntime.quote("printf thin > " + AgentRuntime.quote(first.writing())
                    + "; exit " + status))));
            try (var files = Files.list(directory)) {
                assertEquals("exit " + status + ": too few classes loaded to keep", List.of(), files.toList());
            }
        }
    }

    @Test
    public void newerJdksKeepTheirArchiveThemselvesAndOlderOnesHaveNone() throws Exception {
        Path directory = temp.newFolder("cds").toPath();
        JobClassData jdk21 = JobClassData.of(new FilePath(directory.toFile()), "ecrPromote", "1ib5", "21.0.2", 21);
        assertTrue(jdk21.options().toString(), jdk21.options().contains("-XX:+AutoCreateSharedArchive"));
        assertEquals("exec java", jdk21.script("java"));
        assertFalse(JobClassData.of(new FilePath(directory.toFile()), "ecrPromote", "1ib5", "11.0.21", 11).options().iterator().hasNext());
    }

    @Test
    public void theMajorVersionOfAJavaSpecification() {
        assertEquals(8, AgentRuntime.javaMajor("1.8"));
        assertEquals(17, AgentRuntime.javaMajor("17"));
        assertEquals(0, AgentRuntime.javaMajor("unknown"));
    }
}
