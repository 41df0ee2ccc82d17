package io.jenkins.plugins.ecrpipeline.jenkins;

import org.jenkinsci.plugins.workflow.steps.Step;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * The arguments {@code ecrLogin} and {@code withEcr} share: what to log in to, and with which docker client. Public,
 * as its getters are: the forms read them (a package-private class hides them, and the forms came back empty).
 */
public abstract class EcrLoginArguments extends Step {
    private String regions = "";
    private String role = "";
    private String docker = "";
    private String registryIds = "";
    private String credentialsId = "";

    public String getRegions() {
        return regions;
    }

    /** Regions, comma- or space-separated (default: the agent's region). */
    @DataBoundSetter
    public void setRegions(String regions) {
        this.regions = Util.fixNull(regions);
    }

    public String getRole() {
        return role;
    }

    /** A role ARN whose account's registry is logged in to as well. */
    @DataBoundSetter
    public void setRole(String role) {
        this.role = Util.fixNull(role);
    }

    public String getDocker() {
        return docker;
    }

    @DataBoundSetter
    public void setDocker(String docker) {
        this.docker = Util.fixNull(docker);
    }

    public String getRegistryIds() {
        return registryIds;
    }

    /** Other accounts (12 digits, comma- or space-separated) whose registries the agent's own password opens. */
    @DataBoundSetter
    public void setRegistryIds(String registryIds) {
        this.registryIds = Util.fixNull(registryIds);
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

    EcrLoginSettings settings() {
        return new EcrLoginSettings(regions, role, docker, registryIds, credentialsId);
    }
}
