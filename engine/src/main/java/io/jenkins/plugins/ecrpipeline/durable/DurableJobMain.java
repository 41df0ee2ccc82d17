package io.jenkins.plugins.ecrpipeline.durable;

import io.jenkins.plugins.ecrpipeline.PipelineException;
import io.jenkins.plugins.ecrpipeline.process.Host;
import io.jenkins.plugins.ecrpipeline.process.ProcessExit;
import io.jenkins.plugins.ecrpipeline.process.Redaction;
import io.jenkins.plugins.ecrpipeline.registry.RegistryProbe;
import io.jenkins.plugins.ecrpipeline.report.ReportFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The process of a durable job on the agent: {@code java -cp <jars> ...DurableJobMain <control directory>}. It reads
 * the job from {@value #JOB}, prints the operation's log on standard output (secrets redacted with the pattern in
 * {@value #REDACT}), writes {@value #OUTCOME}, and exits 0 (done), 1 (done, some of it failed) or 2 (input refused).
 * A SIGTERM (Jenkins' stop button, through durable-task) interrupts the operation, which ends its docker processes
 * before the process exits.
 */
public final class DurableJobMain {
    /** The job, Java-serialized by the controller (which the agent trusts). */
    public static final String JOB = "job.ser";
    /** The outcome, as JSON (the controller does not trust the agent to send objects). */
    public static final String OUTCOME = "outcome.json";
    /** This JVM's process id, so that a stop can ask it, and not its docker processes, to end first. */
    public static final String PID = "pid";
    /** The environment variable with the pattern of every secret to redact from the log and the report. */
    public static final String REDACT = "ECR_PIPELINE_REDACT";
    /** How long a stopped job gets to end its docker processes. */
    private static final long STOP_GRACE_SECONDS = 30;

    private DurableJobMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: DurableJobMain <control directory>");
            System.exit(2);
        }
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        startLoggingQuietly();
        ProcessExit.exit(run(Path.of(args[0]), System.getenv(), out));
    }

    /**
     * The AWS SDK logs through SLF4J, which says on standard error which provider it chose when it starts; in a job's
     * log that line is noise (the provider is SLF4J's own no-op one, chosen by the command line).
     */
    private static void startLoggingQuietly() {
        PrintStream err = System.err;
        System.setErr(new PrintStream(java.io.OutputStream.nullOutputStream()));
        try {
            org.slf4j.LoggerFactory.getILoggerFactory();
        } finally {
            System.setErr(err);
        }
    }

    /** Runs the job of {@code control} with {@code environment} as the operation's whole environment. */
    static int run(Path control, Map<String, String> environment, PrintStream out) throws IOException, ClassNotFoundException {
        DurableJob job = read(control.resolve(JOB));
        Files.writeString(control.resolve(PID), Long.toString(ProcessHandle.current().pid()));
        String pattern = environment.get(REDACT);
        Redaction redaction = pattern == null || pattern.isEmpty() ? Redaction.NONE : new Redaction(Pattern.compile(pattern));
        Host host = Host.local(environment).workspace(Path.of(job.workspace())).tempDirectory(Path.of(job.temp())).console(line -> {
            synchronized (out) {
                out.println(redaction.apply(line));
            }
        }).registries(new RegistryProbe(Duration.ofSeconds(5))).build().withRedaction(redaction);
        Thread worker = Thread.currentThread();
        CountDownLatch ended = new CountDownLatch(1);
        Thread stop = new Thread(() -> {
            worker.interrupt();
            try {
                ended.await(STOP_GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "durable-job-stop");
        Runtime.getRuntime().addShutdownHook(stop);
        try {
            Object report = job.run(host);
            write(control, new DurableOutcome(ReportFile.json(report), null, null));
            return job.failedInPart(report) ? 1 : 0;
        } catch (PipelineException e) {
            write(control, DurableOutcome.failed(redaction.apply(e.getMessage()), e.field().orElse(null)));
            return 2;
        } catch (InterruptedException e) {
            write(control, DurableOutcome.failed("stopped", null));
            return 143;
        } finally {
            ended.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(stop);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running: it waits for this.
            }
        }
    }

    private static DurableJob read(Path file) throws IOException, ClassNotFoundException {
        try (InputStream in = Files.newInputStream(file); ObjectInputStream objects = new ObjectInputStream(in)) {
            return (DurableJob) objects.readObject();
        }
    }

    /** Written next to its place and moved there, so the controller never reads half an outcome. */
    private static void write(Path control, DurableOutcome outcome) throws IOException {
        Path partial = control.resolve(OUTCOME + ".partial");
        Files.writeString(partial, ReportFile.json(outcome));
        Files.move(partial, control.resolve(OUTCOME), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
