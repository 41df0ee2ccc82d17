package io.jenkins.plugins.ecrpipeline.jenkins;

import edu.umd.cs.findbugs.annotations.NonNull;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;

/**
 * A step that works on a thread of its own and ends quietly when it is stopped (the stop button, {@code timeout}):
 * the stop's cause is the step's outcome, and whatever the interrupt makes the work throw afterwards is not reported
 * again. Pipeline would print such a second failure, stack trace and all, as a suppressed exception of the stop.
 *
 * @param <T> what the step returns to the Pipeline script
 */
abstract class QuietlyStoppedExecution<T> extends SynchronousNonBlockingStepExecution<T> {
    private static final long serialVersionUID = 1L;

    /** Set by {@link #stop}; never saved (a stopped step is not resumed). */
    private transient volatile Throwable stopCause;

    QuietlyStoppedExecution(StepContext context) {
        super(context);
    }

    @Override
    public void stop(@NonNull Throwable cause) throws Exception {
        stopCause = cause;
        super.stop(cause);
    }

    @Override
    protected final T run() throws Exception {
        try {
            T result = work();
            awaitShutdownIfTerminating();
            return result;
        } catch (Exception e) {
            Throwable stopped = stopCause;
            // The same object as the outcome already delivered: Pipeline recognises it and adds nothing.
            if (stopped instanceof Exception cause) {
                throw cause;
            }
            awaitShutdownIfTerminating();
            throw e;
        }
    }

    /**
     * While Jenkins shuts down it closes the agents' channels, so the work ends early with a lost connection. Such an
     * outcome must not be delivered: the Pipeline may already be saved for the restart, and a result delivered now can
     * leave the resumed build waiting forever. Hold it back; after the restart {@code onResume} ends the step, once.
     */
    private static void awaitShutdownIfTerminating() throws InterruptedException {
        Jenkins controller = Jenkins.getInstanceOrNull();
        while (controller == null || controller.isTerminating()) {
            Thread.sleep(1000);
            controller = Jenkins.getInstanceOrNull();
        }
    }

    /** The step's work; an interrupt means it was stopped. */
    protected abstract T work() throws Exception;
}
