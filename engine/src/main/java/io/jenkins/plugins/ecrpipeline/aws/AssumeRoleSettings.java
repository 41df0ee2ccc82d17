package io.jenkins.plugins.ecrpipeline.aws;

import io.jenkins.plugins.ecrpipeline.PipelineException;
import java.time.Duration;

/**
 * A role to assume on top of the agent's own credentials (for another account's registry, say).
 *
 * @param roleArn the role, e.g. {@code arn:aws:iam::222222222222:role/image-pusher}
 * @param externalId the external id the role's trust policy asks for, or null
 * @param sessionName the session name CloudTrail shows; traceable to the job and build
 * @param duration session length; at most 1 h when the agent's credentials are themselves a role (role chaining)
 */
public record AssumeRoleSettings(String roleArn, String externalId, String sessionName, Duration duration)
        implements java.io.Serializable {
    private static final java.util.regex.Pattern ROLE_ARN = java.util.regex.Pattern.compile("arn:aws[a-z-]*:iam::[0-9]{12}:role/.+");

    public AssumeRoleSettings {
        if (roleArn == null || !ROLE_ARN.matcher(roleArn).matches()) {
            throw new PipelineException("invalid role '" + roleArn + "': expected a role ARN, arn:aws:iam::<12-digit account>:role/<name>");
        }
        if (!sessionName.matches("[\\w+=,.@-]{2,64}")) {
            throw new PipelineException("invalid role session name '" + sessionName
                    + "': 2 to 64 letters, digits or + = , . @ _ -");
        }
        if (duration.compareTo(Duration.ofMinutes(15)) < 0 || duration.compareTo(Duration.ofHours(12)) > 0) {
            throw new PipelineException("role session duration must be between 15 minutes and 12 hours, not " + duration.toMinutes() + " minutes");
        }
    }

    /** A session name that says who assumed the role: the Jenkins job and build when there is one. */
    public static String defaultSessionName(AwsEnvironment env) {
        String job = env.get("JOB_NAME");
        String build = env.get("BUILD_NUMBER");
        String name = job != null ? "jenkins-" + job + (build != null ? "-" + build : "") : "ecr-image-pipeline-" + (System.currentTimeMillis() / 1000);
        name = name.replaceAll("[^\\w+=,.@-]", "-");
        return name.length() > 64 ? name.substring(name.length() - 64) : name;
    }
}
