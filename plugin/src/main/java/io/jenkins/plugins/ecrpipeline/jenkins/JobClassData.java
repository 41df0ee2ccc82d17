package io.jenkins.plugins.ecrpipeline.jenkins;

import hudson.FilePath;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The class-data archive of one kind of job on one agent, as bin/ecr-image-pipeline keeps one per command for the CLI:
 * JDK 19+ keeps it itself ({@code -XX:+AutoCreateSharedArchive}); on JDK 13-18 the first job writes it at its exit
 * ({@code -XX:ArchiveClassesAtExit}, under a name of its own, since jobs may race) and its script moves it in place,
 * and later jobs map it. An unusable archive is ignored ({@code -Xshare:auto}), and class-data sharing says nothing in
 * the build's log either way.
 *
 * @param options the JVM options
 * @param writing where this job writes a new archive, or null
 * @param archive the archive's place, or null without one
 * @param kindPrefix the start of every archive name of this kind of job (older libraries, older JDKs), or null
 */
record JobClassData(List<String> options, String writing, String archive, String kindPrefix) {
    /** No archive: a JDK before 13, or libraries in a directory (the plugin's own tests), which an archive cannot take. */
    static final JobClassData NONE = new JobClassData(List.of(), null, null, null);
    private static final List<String> QUIET = List.of("-Xlog:cds=off", "-Xlog:cds+dynamic=off");

    /**
     * @param directory where the agent keeps the archives
     * @param kind the kind of job (its step), which loads classes of its own
     * @param libraries a fingerprint of the job's libraries
     * @param javaVersion the agent JDK's {@code java.version}: an updated JDK ignores an older one's archive, so it
     *     writes its own
     */
    static JobClassData of(FilePath directory, String kind, String libraries, String javaVersion, int major)
            throws IOException, InterruptedException {
        if (major < 13) {
            return NONE;
        }
        directory.mkdirs();
        FilePath file = directory.child(kind + "-" + libraries + "-jdk" + javaVersion.replaceAll("[^A-Za-z0-9._-]", "_") + ".jsa");
        String archive = file.getRemote();
        List<String> options = new ArrayList<>();
        String writing = null;
        if (major >= 19) {
            options.addAll(List.of("-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=" + archive));
        } else if (file.exists()) {
            options.addAll(List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:auto"));
        } else {
            writing = archive + "." + UUID.randomUUID() + ".partial";
            options.add("-XX:ArchiveClassesAtExit=" + writing);
        }
        options.addAll(QUIET);
        return new JobClassData(List.copyOf(options), writing, archive, directory.child(kind + "-").getRemote());
    }

    /**
     * The script's lines after {@code set +x} for {@code command}: its {@code exec}, or, when this job writes the archive,
     * the command, then the archive's move into place with the exit status kept. durable-task runs the script with
     * {@code sh -xe}, so a failing command must not end the script before the move. Only a job that ran its operation
     * to the end (0, or 1: failed in part) installs its archive; one refused at its input (2) or stopped has loaded too
     * few classes, and its archive is dropped. The job's own pid file names the JVM, so a stop reaches it and not the
     * shell. Archives of the same kind for other libraries or JDKs go when the new one is in.
     */
    String script(String command) {
        if (writing == null) {
            return "exec " + command;
        }
        return "status=0\n"
                + command + " || status=$?\n"
                + "if [ \"$status\" -le 1 ] && [ -s " + AgentRuntime.quote(writing) + " ]; then\n"
                // Shell, not a sentence for MessagesTest: the loop's variable is one letter.
                + "  for f in " + AgentRuntime.quote(kindPrefix) + "*.jsa; do\n"
                + "    [ \"$f\" = " + AgentRuntime.quote(archive) + " ] || rm -f \"$f\" || true\n"
                + "  done\n"
                + "  mv -f " + AgentRuntime.quote(writing) + " " + AgentRuntime.quote(archive) + " || true\n"
                + "fi\n"
                + "rm -f " + AgentRuntime.quote(writing) + " || true\n"
                + "exit $status";
    }
}
