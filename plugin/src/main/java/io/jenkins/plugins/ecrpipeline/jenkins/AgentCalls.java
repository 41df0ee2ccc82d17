package io.jenkins.plugins.ecrpipeline.jenkins;

import hudson.FilePath;
import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;
import io.jenkins.plugins.ecrpipeline.PipelineException;
import io.jenkins.plugins.ecrpipeline.aws.AwsEnvironment;
import io.jenkins.plugins.ecrpipeline.aws.AwsIdentity;
import io.jenkins.plugins.ecrpipeline.aws.AwsSessionSettings;
import io.jenkins.plugins.ecrpipeline.aws.CredentialBinding;
import io.jenkins.plugins.ecrpipeline.cleanup.CleanupReport;
import io.jenkins.plugins.ecrpipeline.cleanup.CleanupRequest;
import io.jenkins.plugins.ecrpipeline.cleanup.ImageCleanup;
import io.jenkins.plugins.ecrpipeline.ecr.EcrAuthorizationRequest;
import io.jenkins.plugins.ecrpipeline.ecr.EcrAuthorizer;
import io.jenkins.plugins.ecrpipeline.ecr.RegistryAuthorizations;
import io.jenkins.plugins.ecrpipeline.imagebuild.BuildPlan;
import io.jenkins.plugins.ecrpipeline.imagebuild.BuildRequest;
import io.jenkins.plugins.ecrpipeline.imagebuild.NightlyBuild;
import io.jenkins.plugins.ecrpipeline.process.Host;
import io.jenkins.plugins.ecrpipeline.promote.ImagePromotion;
import io.jenkins.plugins.ecrpipeline.promote.PromotionReport;
import io.jenkins.plugins.ecrpipeline.promote.PromotionRequest;
import io.jenkins.plugins.ecrpipeline.registry.RegistryProbe;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import jenkins.security.MasterToSlaveCallable;

/**
 * The engine entry points that must run in the agent JVM: AWS calls (that is where the IAM role is), planning (the
 * compose file is in the agent's workspace) and registry reachability (seen from where docker runs). Each takes and
 * returns plain serializable values; the build's environment travels with it.
 */
final class AgentCalls {
    private AgentCalls() {
    }

    /**
     * Runs {@code callable} in the agent JVM. Errors come back as the engine's own message and field only: causes
     * from the AWS SDK are not sent over the channel (remoting would refuse to deserialize them).
     */
    static <V> V call(VirtualChannel channel, MasterToSlaveCallable<V, RuntimeException> callable) throws InterruptedException {
        if (channel == null) {
            throw new PipelineException("the agent is offline; run this step inside node { } on a connected agent");
        }
        try {
            preloadLibraries(channel, callable);
            return channel.call(callable);
        } catch (IOException e) {
            StringBuilder reasons = new StringBuilder(e.getMessage());
            for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
                reasons.append(": ").append(cause);
            }
            throw new PipelineException("the call on the agent failed: " + reasons, e);
        }
    }

    /** Marks a channel whose agent already has our libraries; kept on the channel, so it goes when the agent does. */
    private static final String PRELOADED = AgentCalls.class.getName() + ".preloaded";

    /**
     * Sends the plugin's libraries (the engine and the AWS SDK) to a fresh agent in one go. Otherwise the first AWS call
     * fetches about 1,900 classes one by one over the channel, which takes seconds.
     */
    private static void preloadLibraries(VirtualChannel virtualChannel, Object callable) throws IOException, InterruptedException {
        if (!(virtualChannel instanceof hudson.remoting.Channel channel) || channel.getProperty(PRELOADED) != null
                || !(AgentCalls.class.getClassLoader() instanceof java.net.URLClassLoader plugin)) {
            return;
        }
        java.net.URL[] jars = java.util.Arrays.stream(plugin.getURLs()).filter(u -> u.getPath().endsWith(".jar")).toArray(java.net.URL[]::new);
        channel.preloadJar(plugin, jars);
        channel.setProperty(PRELOADED, Boolean.TRUE);
    }

    /** An engine call made in the agent JVM. */
    @FunctionalInterface
    private interface AgentWork<V> {
        V run() throws InterruptedException;
    }

    /** Runs {@code work} with errors in the form the controller can take: no SDK causes, interrupts as messages. */
    private static <V> V onAgent(AgentWork<V> work, String what) {
        try {
            return work.run();
        } catch (PipelineException e) {
            throw withoutCause(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PipelineException("interrupted while " + what + " on the agent", e);
        }
    }

    /** The error as the agent JVM has it, without a cause that the controller may not be able to load. */
    static PipelineException withoutCause(PipelineException e) {
        return e.field().map(f -> PipelineException.forField(f, e.getMessage())).orElseGet(() -> new PipelineException(e.getMessage()));
    }

    /** {@link NightlyBuild#plan}, on the agent that holds the workspace. */
    static final class Plan extends MasterToSlaveCallable<BuildPlan, RuntimeException> {
        private static final long serialVersionUID = 1L;
        private final BuildRequest request;
        private final TreeMap<String, String> environment;
        private final String workspace;

        Plan(BuildRequest request, Map<String, String> environment, String workspace) {
            this.request = request;
            this.environment = new TreeMap<>(environment);
            this.workspace = workspace;
        }

        @Override
        public BuildPlan call() {
            Host host = Host.local(environment).workspace(Path.of(workspace)).tempDirectory(Path.of(workspace)).build();
            return onAgent(() -> NightlyBuild.plan(request, host), "planning the build");
        }
    }

    /** {@link EcrAuthorizer#authorize}: ECR passwords from the agent's own credentials. */
    static final class Authorize extends MasterToSlaveCallable<RegistryAuthorizations, RuntimeException> {
        private static final long serialVersionUID = 1L;
        private final EcrAuthorizationRequest request;
        private final TreeMap<String, String> environment;

        Authorize(EcrAuthorizationRequest request, Map<String, String> environment) {
            this.request = request;
            this.environment = new TreeMap<>(environment);
        }

        @Override
        public RegistryAuthorizations call() {
            return onAgent(() -> EcrAuthorizer.authorize(request, AwsEnvironment.of(environment), Clock.systemUTC()), "authorizing ECR");
        }
    }

    /** {@link AwsIdentity#bind}: the agent's credentials (or an assumed role's) as variables. */
    static final class Bind extends MasterToSlaveCallable<CredentialBinding, RuntimeException> {
        private static final long serialVersionUID = 1L;
        private final AwsSessionSettings settings;
        private final TreeMap<String, String> environment;

        Bind(AwsSessionSettings settings, Map<String, String> environment) {
            this.settings = settings;
            this.environment = new TreeMap<>(environment);
        }

        @Override
        public CredentialBinding call() {
            return onAgent(() -> AwsIdentity.bind(settings, AwsEnvironment.of(environment)), "reading AWS credentials");
        }
    }

    /** {@link RegistryProbe}, from the agent. */
    static final class Reachable extends MasterToSlaveCallable<Void, RuntimeException> {
        private static final long serialVersionUID = 1L;
        private final String registry;

        Reachable(String registry) {
            this.registry = registry;
        }

        @Override
        public Void call() {
            return onAgent(() -> {
                new RegistryProbe(Duration.ofSeconds(5)).requireReachable(registry);
                return null;
            }, "checking registry " + registry);
        }
    }

    /**
     * Engine work in the agent JVM (its credentials, its network), with the build's variables and workspace, log lines
     * going to the build's log.
     */
    abstract static class InAgentWorkspace<V> extends MasterToSlaveCallable<V, RuntimeException> {
        private static final long serialVersionUID = 1L;
        private final TreeMap<String, String> environment;
        private final String workspace;
        private final String temp;
        private final TaskListener listener;
        private final String what;
        private final io.jenkins.plugins.ecrpipeline.process.Redaction redaction;

        InAgentWorkspace(Map<String, String> environment, FilePath workspace, TaskListener listener, String what,
                io.jenkins.plugins.ecrpipeline.process.Redaction redaction) {
            this.environment = new TreeMap<>(environment);
            this.workspace = workspace.getRemote();
            this.temp = JenkinsHost.tempDir(workspace).getRemote();
            this.listener = listener;
            this.what = what;
            this.redaction = redaction;
        }

        abstract V run(Host host) throws InterruptedException;

        @Override
        public final V call() {
            java.io.PrintStream log = listener.getLogger();
            Host host = Host.local(environment).workspace(Path.of(workspace)).tempDirectory(Path.of(temp)).console(line -> {
                synchronized (log) {
                    log.println(line);
                }
            }).build().withRedaction(redaction);
            try {
                return onAgent(() -> run(host), what);
            } finally {
                // A Pipeline's log on the agent is buffered and sent on a timer; without this, a step that ends quickly
                // can finish before its last lines (the totals, the API calls) reach the build log.
                log.flush();
            }
        }
    }

    /** {@link ImagePromotion#promote}: ECR's API and the registries from the agent. */
    static final class Promote extends InAgentWorkspace<PromotionReport> {
        private static final long serialVersionUID = 1L;
        private final PromotionRequest request;

        Promote(PromotionRequest request, Map<String, String> environment, FilePath workspace, TaskListener listener,
                io.jenkins.plugins.ecrpipeline.process.Redaction redaction) {
            super(environment, workspace, listener, "promoting images", redaction);
            this.request = request;
        }

        @Override
        PromotionReport run(Host host) throws InterruptedException {
            return ImagePromotion.promote(request, host);
        }
    }

    /** {@link ImageCleanup#run}: ECR's API or the registry from the agent. */
    static final class Cleanup extends InAgentWorkspace<CleanupReport> {
        private static final long serialVersionUID = 1L;
        private final CleanupRequest request;

        Cleanup(CleanupRequest request, Map<String, String> environment, FilePath workspace, TaskListener listener,
                io.jenkins.plugins.ecrpipeline.process.Redaction redaction) {
            super(environment, workspace, listener, "cleaning the registry", redaction);
            this.request = request;
        }

        @Override
        CleanupReport run(Host host) throws InterruptedException {
            return ImageCleanup.run(request, host);
        }
    }
}
