package io.jenkins.plugins.ecrpipeline.jenkins;

import hudson.EnvVars;
import java.net.URI;

/** A build's environment as the steps see it: a job and build (for role session names) and a local AWS endpoint. */
final class StepEnvironments {
    static final URI ENDPOINT = URI.create("http://127.0.0.1:4566");
    /** The role session name that job and build give: {@code jenkins-<job>-<build>}. */
    static final String SESSION_NAME = "jenkins-nightly-7";
    static final String ROLE = "arn:aws:iam::222222222222:role/deployer";

    private StepEnvironments() {
    }

    static EnvVars build() {
        return new EnvVars("AWS_ENDPOINT_URL", ENDPOINT.toString(), "JOB_NAME", "nightly", "BUILD_NUMBER", "7");
    }
}
