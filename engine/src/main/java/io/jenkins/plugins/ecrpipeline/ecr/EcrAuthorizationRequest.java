package io.jenkins.plugins.ecrpipeline.ecr;

import io.jenkins.plugins.ecrpipeline.aws.AssumeRoleSettings;
import io.jenkins.plugins.ecrpipeline.aws.AwsSessionSettings;
import io.jenkins.plugins.ecrpipeline.PipelineException;
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
 */
public record EcrAuthorizationRequest(AwsSessionSettings session, boolean ownAccount, List<AssumeRoleSettings> roles, List<String> regions)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    public EcrAuthorizationRequest {
        roles = List.copyOf(roles);
        regions = List.copyOf(regions);
        if (!ownAccount && roles.isEmpty()) {
            throw new PipelineException("nothing to log in to: the own account is left out and no role is given. Name a role to assume, "
                    + "or include the own account.");
        }
    }

    /** The agent's own account's registry, in the session's region. */
    public static EcrAuthorizationRequest ownAccount(AwsSessionSettings session) {
        return new EcrAuthorizationRequest(session, true, List.of(), List.of());
    }
}
