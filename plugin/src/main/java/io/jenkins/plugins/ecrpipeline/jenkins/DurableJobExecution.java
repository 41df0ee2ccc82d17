package io.jenkins.plugins.ecrpipeline.jenkins;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.ecrpipeline.PipelineException;
import io.jenkins.plugins.ecrpipeline.durable.DurableJob;
import io.jenkins.plugins.ecrpipeline.durable.DurableJobMain;
import io.jenkins.plugins.ecrpipeline.durable.DurableOutcome;
import io.jenkins.plugins.ecrpipeline.process.Redaction;
import io.jenkins.plugins.ecrpipeline.report.ReportFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.util.Timer;
import org.jenkinsci.plugins.durabletask.BourneShellScript;
import org.jenkinsci.plugins.durabletask.Controller;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/**
 * A step whose work runs in a JVM of its own on the agent, started through durable-task as {@code sh} starts its
 * script, so that it goes on when the controller restarts: the step follows the process's log and, when the process
 * ends, reads its outcome ({@link DurableJobMain}) and finishes. Saved with the Pipeline: durable-task's handle and the
 * job's control directory, never a secret. AWS calls, docker and the private docker config all live in that process on
 * the agent; the agent's own credentials reach it through its environment, as they reach {@code sh}.
 *
 * @param <T> what the step returns to the Pipeline script
 */
abstract class DurableJobExecution<T> extends StepExecution {
    private static final long serialVersionUID = 1L;
    private static final Logger LOGGER = Logger.getLogger(DurableJobExecution.class.getName());
    /**
     * How often the process's log and exit are checked, the way {@code sh} checks its script (workflow-durable-task-step):
     * every 250 ms while it prints, a fifth longer after each check that found nothing new, at most every 2 s (a
     * finished job waits at most that long for its step to go on; sh allows 15 s). Half a second, always, made a job
     * that ended wait a quarter of a second on average before its step went on.
     */
    private static final long POLL_MIN_MILLIS = 250;
    private static final long POLL_MAX_MILLIS = 2000;
    private static final double POLL_BACKOFF = 1.2;

    private final String step;
    /** The id of AWS credentials the process acts with instead of the agent's own; empty for the agent's. Never the keys. */
    private final String credentialsId;
    /** durable-task's handle on the process: where its log and exit status are. Null until the process started. */
    private Controller controller;
    /** The job's control directory on the agent: the job, its outcome, its private files. */
    private String control;
    private transient volatile Throwable stopCause;
    /** The wait before the next check; back to the shortest after output (not saved: 0 after a restart, read as the shortest). */
    private transient volatile long pollMillis = POLL_MIN_MILLIS;

    DurableJobExecution(String step, String credentialsId, StepContext context) {
        super(context);
        this.step = step;
        this.credentialsId = credentialsId;
    }

    /** The job to run; called once, when the step starts. */
    protected abstract DurableJob job(FilePath workspace, String temp, EnvVars environment) throws Exception;

    /**
     * What the step makes of the operation's report (its JSON): build-page actions, archived files, and the value
     * returned or the failure thrown. Runs on the controller after the process ended.
     */
    protected abstract T finish(String report, FilePath workspace, Launcher launcher, TaskListener listener) throws Exception;

    /** The context's secrets for an error of the start itself (the lookup of credentials, say), before any process ran. */
    private Redaction contextSecrets() {
        try {
            return ContextSecrets.of(getContext());
        } catch (IOException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            // The step is failing already; its error text comes from our own checks, not from a process.
            return Redaction.NONE;
        }
    }

    @Override
    public boolean start() {
        Timer.get().submit(() -> {
            try {
                launch();
                poll();
            } catch (PipelineException e) {
                fail(Util.abort(step, e, contextSecrets()));
            } catch (Throwable t) {
                fail(t);
            }
        });
        return false;
    }

    private void launch() throws Exception {
        FilePath workspace = getContext().get(FilePath.class);
        Launcher launcher = getContext().get(Launcher.class);
        EnvVars environment = getContext().get(EnvVars.class);
        TaskListener listener = getContext().get(TaskListener.class);
        StepAwsCredentials credentials = StepAwsCredentials.of(credentialsId, getContext().get(Run.class));
        Redaction redaction = ContextSecrets.of(getContext(), credentials.secrets());
        workspace.mkdirs();
        FilePath directory = JenkinsHost.tempDir(workspace).child("ecr-image-pipeline-" + UUID.randomUUID());
        directory.mkdirs();
        directory.chmod(0700);
        DurableJob job = job(workspace, directory.child("temp").getRemote(), environment);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(job);
        }
        directory.child(DurableJobMain.JOB).write(bytes.toString(StandardCharsets.ISO_8859_1), StandardCharsets.ISO_8859_1.name());
        String script = AgentRuntime.jobScript(workspace, listener, step, job.jvmOptions(), List.of(DurableJobMain.class.getName(),
                directory.getRemote()));
        // The named credentials reach the process only through its environment, as the agent's own would; nothing saved holds them.
        EnvVars processEnvironment = credentials.over(environment);
        processEnvironment.put(DurableJobMain.REDACT, redaction.secrets() == null ? "" : redaction.secrets().pattern());
        control = directory.getRemote();
        controller = new BourneShellScript(script).launch(processEnvironment, workspace, launcher, listener);
        // The Pipeline was saved when the step started, without these: save it again, so a restart from now on finds the process.
        getContext().saveState();
    }

    private void poll() {
        Timer.get().schedule(this::check, Math.max(POLL_MIN_MILLIS, pollMillis), TimeUnit.MILLISECONDS);
    }

    private void check() {
        try {
            FilePath workspace = getContext().get(FilePath.class);
            Launcher launcher = getContext().get(Launcher.class);
            TaskListener listener = getContext().get(TaskListener.class);
            if (workspace == null || workspace.getChannel() == null || launcher == null) {
                // The agent is not back yet (a restart, a reconnect): the process goes on there; look again later.
                poll();
                return;
            }
            boolean printed = controller.writeLog(workspace, listener.getLogger());
            Integer exit = controller.exitStatus(workspace, launcher, listener);
            if (exit == null) {
                pollMillis = printed ? POLL_MIN_MILLIS : Math.min(POLL_MAX_MILLIS, (long) (Math.max(POLL_MIN_MILLIS, pollMillis) * POLL_BACKOFF));
                poll();
                return;
            }
            controller.writeLog(workspace, listener.getLogger());
            listener.getLogger().flush();
            FilePath directory = new FilePath(workspace.getChannel(), control);
            FilePath outcomeFile = directory.child(DurableJobMain.OUTCOME);
            String outcome = outcomeFile.exists() ? outcomeFile.readToString() : null;
            controller.cleanup(workspace);
            directory.deleteRecursive();
            complete(outcome, exit, workspace, launcher, listener);
        } catch (IOException | RuntimeException e) {
            // An agent that went away in the middle of a check: the process goes on; look again later.
            LOGGER.log(Level.FINE, "checking " + step + " on the agent", e);
            poll();
        } catch (InterruptedException e) {
            poll();
        } catch (Throwable t) {
            fail(t);
        }
    }

    private void complete(String outcome, int exit, FilePath workspace, Launcher launcher, TaskListener listener) throws Exception {
        Throwable stopped = stopCause;
        if (stopped != null) {
            // The outcome Pipeline already has; nothing more to say.
            getContext().onFailure(stopped);
            return;
        }
        if (outcome == null) {
            fail(new AbortException(Messages.DurableJobExecution_NoResult(step, exit)));
            return;
        }
        DurableOutcome ended = ReportFile.read(outcome.getBytes(StandardCharsets.UTF_8), DurableOutcome.class);
        if (ended.error() != null) {
            // Redacted by the process already, with the secrets of this step's context.
            fail(Util.abort(step, ended.field() != null ? PipelineException.forFieldNamed(ended.field(), ended.error())
                    : new PipelineException(ended.error()), Redaction.NONE));
            return;
        }
        try {
            getContext().onSuccess(finish(ended.report(), workspace, launcher, listener));
        } catch (Exception e) {
            fail(e);
        }
    }

    private void fail(Throwable t) {
        getContext().onFailure(t);
    }

    /** The process goes on while the controller was away: follow it again. */
    @Override
    public void onResume() {
        if (controller == null) {
            fail(new AbortException(Messages.DurableJobExecution_RestartedBeforeStart(step)));
            return;
        }
        poll();
    }

    @Override
    public void stop(@NonNull Throwable cause) throws Exception {
        stopCause = cause;
        FilePath workspace = getContext().get(FilePath.class);
        Launcher launcher = getContext().get(Launcher.class);
        if (controller == null || workspace == null || launcher == null) {
            getContext().onFailure(cause);
            return;
        }
        // SIGTERM to the job's JVM alone: it ends its docker processes itself, says what it stopped, and exits; check()
        // then completes. durable-task's own stop would end every process of the job at once, docker first, and the job
        // would report failed builds instead of a stop. It is the fallback.
        FilePath pid = new FilePath(workspace.getChannel(), control).child(DurableJobMain.PID);
        if (pid.exists()) {
            launcher.launch().cmds("kill", "-TERM", pid.readToString().strip()).quiet(true).start().join();
        } else {
            controller.stop(workspace, launcher);
        }
        Timer.get().schedule(() -> {
            try {
                controller.stop(workspace, launcher);
            } catch (IOException | InterruptedException e) {
                LOGGER.log(Level.FINE, "stopping " + step + " on the agent", e);
            }
            getContext().onFailure(cause);
        }, 40, TimeUnit.SECONDS);
    }

    @Override
    public String getStatus() {
        return controller == null ? Messages.DurableJobExecution_Starting() : Messages.DurableJobExecution_Following(control);
    }
}
