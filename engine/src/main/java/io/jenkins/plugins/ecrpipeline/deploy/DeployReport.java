package io.jenkins.plugins.ecrpipeline.deploy;

import java.io.Serializable;
import java.util.List;

/** The deploys of one run, in order. */
public record DeployReport(List<DeployResult> services) implements Serializable {
    private static final long serialVersionUID = 1L;

    public DeployReport {
        services = List.copyOf(services);
    }

    public boolean succeeded() {
        return services.stream().allMatch(s -> s.outcome() == DeployResult.Outcome.DEPLOYED);
    }
}
