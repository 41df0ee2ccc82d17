package io.jenkins.plugins.ecrpipeline.process;

import io.jenkins.plugins.ecrpipeline.PipelineException;

/** The executable of a command could not be started (not installed, not on PATH, not executable). */
public final class CommandNotFoundException extends PipelineException {
    private static final long serialVersionUID = 1L;

    public CommandNotFoundException(String executable, Throwable cause) {
        super("cannot run '" + executable + "': " + cause.getMessage()
                + ". Install it or give its full path.", cause);
    }
}
