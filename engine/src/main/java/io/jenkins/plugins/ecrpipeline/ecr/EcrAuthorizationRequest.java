package io.jenkins.plugins.ecrpipeline.ecr;

import io.jenkins.plugins.ecrpipeline.aws.AssumeRoleSettings;
import io.jenkins.plugins.ecrpipeline.aws.AwsSessionSettings;
import io.jenkins.plugins.ecrpipeline.aws.RegionName;
import io.jenkins.plugins.ecrpipeline.PipelineException;
import io.jenkins.plugins.ecrpipeline.RequestField;
import java.io.Serializable;
import java.util.List;

/**
 * Which ECR registries to authorize: the agent's own account (unless left out) and each role's account, in each
 * region (none: the session's region).
 *
 * @param session region, endpoint and timeouts of the agent's own session
 * @param ownAccount whether to include the agent's own account
 * @param roles roles to assume, one registry per role's account
 * @param regions regions to authorize in; empty for the session's region
 * @param registryIds other accounts whose registries the agent's own credentials may use (repository policies): the
 *     same password logs in to {@code <id>.dkr.ecr.<region>.amazonaws.com}
 */
public record EcrAuthorizationRequest(AwsSessionSettings session, boolean ownAccount, List<AssumeRoleSettings> roles, List<String> regions,
        List<String> registryIds) implements Serializable {
    private static final long serialVersionUID = 1L;

    public EcrAuthorizationRequest {
        roles = List.copyOf(roles);
        regions = regions.stream().map(r -> RegionName.require(r, "regions")).toList();
        registryIds = List.copyOf(registryIds);
        for (String id : registryIds) {
            if (!id.matches("[0-9]{12}")) {
                throw PipelineException.forField(RequestField.REGISTRY_IDS, "invalid registry id '" + id + "': an AWS account id has 12 digits");
            }
        }
        if (!registryIds.isEmpty() && !ownAccount) {
            throw PipelineException.forField(RequestField.REGISTRY_IDS, "registry ids are reached with the agent's own credentials; include the own account");
        }
        if (!ownAccount && roles.isEmpty()) {
            throw new PipelineException("nothing to log in to: the own account is left out and no role is given. Name a role to assume, "
                    + "or include the own account.");
        }
    }

    /** The agent's own account's registry, in the session's region. */
    public static EcrAuthorizationRequest ownAccount(AwsSessionSettings session) {
        return new EcrAuthorizationRequest(session, true, List.of(), List.of(), List.of());
    }
}
