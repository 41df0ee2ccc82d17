package io.jenkins.plugins.ecrpipeline.jenkins;

import org.jenkinsci.plugins.workflow.steps.Step;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * The parameters of a step that calls AWS in one region as the agent's identity, or as {@code credentialsId}'s:
 * {@code intermediateBuild}, {@code withAwsRole}, {@code ecrDeploy}, {@code ecrPromote} and {@code ecrCleanup}
 * ({@code ecrDockerLogin} and {@code withEcr} take several regions: {@link EcrLoginArguments}). Public, as its getters
 * are: the forms read them, and a package-private class hides them.
 */
@Restricted(NoExternalUse.class)
public abstract class AwsStep extends Step {
    private String region = "";
    private String credentialsId = "";

    public String getRegion() {
        return region;
    }

    /** The AWS region; empty for the agent's ({@code AWS_REGION}, else its instance identity document). */
    @DataBoundSetter
    public void setRegion(String region) {
        this.region = Util.fixNull(region);
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    /**
     * AWS credentials from Jenkins (their id) to act with instead of the agent's own identity; a role is assumed with
     * them. Empty: the agent's role.
     */
    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = Util.fixNull(credentialsId);
    }
}
