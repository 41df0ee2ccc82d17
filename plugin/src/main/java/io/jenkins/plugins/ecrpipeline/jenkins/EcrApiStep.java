package io.jenkins.plugins.ecrpipeline.jenkins;

import io.jenkins.plugins.ecrpipeline.ecr.EcrAuthorizationRequest;
import java.util.Map;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * The parameters of a step that works on ECR through ECR's API with the step's AWS credentials ({@code ecrPromote},
 * {@code ecrCleanup}): whether to, and in which role's account. Public for the same reason as {@link AwsStep}.
 */
@Restricted(NoExternalUse.class)
public abstract class EcrApiStep extends AwsStep {
    private boolean ecrApi = true;
    private String role = "";

    public boolean isEcrApi() {
        return ecrApi;
    }

    /**
     * Use ECR with the step's AWS credentials (default): its API, and its passwords where a registry API is needed; no
     * docker login happens. False: the registry's HTTP API with the docker config's logins.
     */
    @DataBoundSetter
    public void setEcrApi(boolean ecrApi) {
        this.ecrApi = ecrApi;
    }

    /** The old name of {@link #isEcrApi()}; structs reads every parameter, so the alias needs a getter too. */
    @Deprecated
    public boolean isEcrLogin() {
        return ecrApi;
    }

    /**
     * The old name of {@link #setEcrApi}: no docker login happens. Kept so that existing Jenkinsfiles keep working; the
     * Snippet Generator leaves deprecated parameters out.
     */
    @Deprecated
    @DataBoundSetter
    public void setEcrLogin(boolean ecrLogin) {
        this.ecrApi = ecrLogin;
    }

    public String getRole() {
        return role;
    }

    /** A role ARN to assume on top of the agent's credentials; the step then acts in that role's account. */
    @DataBoundSetter
    public void setRole(String role) {
        this.role = Util.fixNull(role);
    }

    /** What the engine is asked to use ECR with, or null when {@code ecrApi} is off. */
    EcrAuthorizationRequest ecrApiRequest(Map<String, String> environment) {
        return ecrApi ? StepAwsSessions.ecrApi(getRegion(), role, environment) : null;
    }
}
