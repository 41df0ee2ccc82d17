package io.jenkins.plugins.ecrpipeline.jenkins;

import edu.umd.cs.findbugs.annotations.NonNull;
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
            return work();
        } catch (Exception e) {
            Throwable stopped = stopCause;
            // The same object as the outcome already delivered: Pipeline recognises it and adds nothing.
            if (stopped instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** The step's work; an interrupt means it was stopped. */
    protected abstract T work() throws Exception;
}
