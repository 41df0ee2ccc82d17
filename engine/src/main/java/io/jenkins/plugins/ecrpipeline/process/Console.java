package io.jenkins.plugins.ecrpipeline.process;

/** Where progress and results go: standard output in the CLI, the build log in Jenkins. */
@FunctionalInterface
public interface Console {
    /** Writes one line; implementations must accept calls from several threads. */
    void line(String text);
}
