package io.jenkins.plugins.ecrpipeline.jenkins;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.console.ConsoleLogFilter;
import hudson.model.Computer;
import hudson.model.Run;
import hudson.security.ACL;
import hudson.security.ACLContext;
import hudson.model.TaskListener;
import io.jenkins.plugins.ecrpipeline.PipelineException;
import io.jenkins.plugins.ecrpipeline.aws.AssumeRoleSettings;
import io.jenkins.plugins.ecrpipeline.aws.AwsEnvironment;
import io.jenkins.plugins.ecrpipeline.aws.AwsSessionSettings;
import io.jenkins.plugins.ecrpipeline.aws.CredentialBinding;
import java.time.Duration;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.BodyExecutionCallback;
import org.jenkinsci.plugins.workflow.steps.BodyInvoker;
import org.jenkinsci.plugins.workflow.steps.EnvironmentExpander;
import org.jenkinsci.plugins.workflow.steps.GeneralNonBlockingStepExecution;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code withAwsRole { ... }}: binds {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}, {@code AWS_SESSION_TOKEN}
 * and {@code AWS_REGION} for the block from the agent's own credentials (instance profile, ECS task role, EKS IRSA...),
 * or from the AWS credentials {@code credentialsId} names, optionally a role assumed on top; the credentials are read in
 * the agent JVM, masked in the log, and kept only as {@link hudson.util.Secret} (encrypted) so the block survives a
 * restart.
 */
public final class WithAwsRoleStep extends AwsStep {
    private String role = "";
    private String externalId = "";
    private String sessionName = "";
    private int duration = 3600;

    @DataBoundConstructor
    public WithAwsRoleStep() {
    }

    public String getRole() {
        return role;
    }

    @DataBoundSetter
    public void setRole(String role) {
        this.role = Util.fixNull(role);
    }

    public String getExternalId() {
        return externalId;
    }

    @DataBoundSetter
    public void setExternalId(String externalId) {
        this.externalId = Util.fixNull(externalId);
    }

    public String getSessionName() {
        return sessionName;
    }

    @DataBoundSetter
    public void setSessionName(String sessionName) {
        this.sessionName = Util.fixNull(sessionName);
    }

    public int getDuration() {
        return duration;
    }

    /** Seconds an assumed role's session lasts (role chaining from an instance role allows at most 3600). */
    @DataBoundSetter
    public void setDuration(int duration) {
        this.duration = duration;
    }

    /** The step's arguments as plain data: saved with the block, they are used again when the credentials are renewed. */
    static final class Settings implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        private final String region;
        private final String role;
        private final String externalId;
        private final String sessionName;
        private final int duration;
        /** The id of the AWS credentials to bind instead of the agent's; empty for the agent's. Never the keys. */
        private final String credentialsId;
        /** The build, by {@link Run#getExternalizableId}: renewals look the credentials up for it again. */
        private final String build;

        Settings(String region, String role, String externalId, String sessionName, int duration, String credentialsId, String build) {
            this.region = region;
            this.role = role;
            this.externalId = externalId;
            this.sessionName = sessionName;
            this.duration = duration;
            this.credentialsId = credentialsId;
            this.build = build;
        }

        /** The credentials to bind from: looked up afresh each time, so a renewal sees rotated keys. */
        StepAwsCredentials credentials() {
            if (credentialsId.isEmpty()) {
                return StepAwsCredentials.AGENT;
            }
            Run<?, ?> run;
            // Only finding the build needs the system's rights; the credentials are looked up as the build itself runs.
            try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
                run = Run.fromExternalizableId(build);
            }
            if (run == null) {
                throw PipelineException.forFieldNamed("credentialsId", Messages.WithAwsRoleStep_BuildGone(build, credentialsId));
            }
            return StepAwsCredentials.of(credentialsId, run);
        }

        AwsSessionSettings session(EnvVars environment) {
            AssumeRoleSettings assumed = role.isEmpty() ? null : new AssumeRoleSettings(role, Util.nullIfEmpty(externalId),
                    sessionName.isEmpty() ? AssumeRoleSettings.defaultSessionName(AwsEnvironment.of(environment)) : sessionName,
                    Duration.ofSeconds(duration));
            return StepAwsSessions.session(region, assumed, environment);
        }
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        return new Execution(new Settings(getRegion(), role, externalId, sessionName, duration, getCredentialsId(),
                context.get(Run.class).getExternalizableId()), context);
    }

    /** Reads the credentials on the agent, then runs the body with them bound and masked. */
    private static final class Execution extends GeneralNonBlockingStepExecution {
        private static final long serialVersionUID = 1L;
        private final Settings settings;

        Execution(Settings settings, StepContext context) {
            super(context);
            this.settings = settings;
        }

        @Override
        public boolean start() {
            run(this::bindAndStartBody);
            return false;
        }

        private void bindAndStartBody() throws Exception {
            FilePath workspace = getContext().get(FilePath.class);
            EnvVars environment = getContext().get(EnvVars.class);
            CredentialBinding binding;
            StepAwsCredentials credentials = StepAwsCredentials.AGENT;
            long started = System.nanoTime();
            try {
                credentials = settings.credentials();
                binding = AgentCalls.call(workspace.getChannel(), new AgentCalls.Bind(settings.session(environment), credentials.over(environment)));
            } catch (PipelineException e) {
                throw Util.abort("withAwsRole", e, ContextSecrets.of(getContext(), credentials.secrets()));
            }
            String names = String.join(", ", binding.variableNames());
            String from = credentials.isAgent() ? Messages.WithAwsRoleStep_FromAgent() : Messages.WithAwsRoleStep_FromCredentials(credentials.id());
            long millis = (System.nanoTime() - started) / 1_000_000;
            getContext().get(TaskListener.class).getLogger().println(binding.expiresAt() == null ? Messages.WithAwsRoleStep_Bound(names, from, millis)
                    : Messages.WithAwsRoleStep_BoundUntil(names, from, millis, binding.expiresAt()));
            RenewedAwsVariables variables = new RenewedAwsVariables(getContext().get(Computer.class).getName(), settings, binding);
            getContext().newBodyInvoker()
                    .withContexts(EnvironmentExpander.merge(getContext().get(EnvironmentExpander.class), variables),
                            BodyInvoker.mergeConsoleLogFilters(getContext().get(ConsoleLogFilter.class), new SecretMaskingFilter(variables)))
                    .withCallback(BodyExecutionCallback.wrap(getContext()))
                    .start();
        }
    }

    @Extension
    public static final class DescriptorImpl extends AwsStepDescriptor {
        @Override
        public String getFunctionName() {
            return "withAwsRole";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.WithAwsRoleStep_DisplayName();
        }

        @Override
        public boolean takesImplicitBlockArgument() {
            return true;
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(FilePath.class, EnvVars.class, TaskListener.class, Computer.class, Run.class);
        }
    }
}
