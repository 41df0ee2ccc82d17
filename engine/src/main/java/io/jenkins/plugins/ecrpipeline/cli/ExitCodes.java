package io.jenkins.plugins.ecrpipeline.cli;

/** Exit codes shared by all commands, documented in {@code --help}. */
final class ExitCodes {
    static final int OK = 0;
    /** At least one service failed to build or push. */
    static final int SERVICE_FAILED = 1;
    /** Bad input or environment, found before anything was built. */
    static final int INVALID = 2;

    private ExitCodes() {
    }
}
