package io.jenkins.plugins.ecrpipeline.deploy;

import java.io.Serializable;

/**
 * How one service's deploy ended.
 *
 * @param target what was deployed
 * @param exitCode the command's exit code, or -1 when it did not run
 * @param outcome deployed, failed, or not run (an earlier service failed)
 * @param failure the exit code and the command's last lines (secrets masked), or null
 */
public record DeployResult(DeployTarget target, int exitCode, Outcome outcome, String failure) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** How a deploy ended. */
    public enum Outcome {
        DEPLOYED, FAILED, NOT_RUN
    }
}
