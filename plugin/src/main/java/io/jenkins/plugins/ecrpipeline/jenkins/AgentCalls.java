package io.jenkins.plugins.ecrpipeline.jenkins;

import hudson.remoting.VirtualChannel;
import io.jenkins.plugins.ecrpipeline.PipelineException;
import io.jenkins.plugins.ecrpipeline.aws.AwsEnvironment;
import io.jenkins.plugins.ecrpipeline.aws.AwsIdentity;
import io.jenkins.plugins.ecrpipeline.aws.AwsSessionSettings;
import io.jenkins.plugins.ecrpipeline.aws.CredentialBinding;
import io.jenkins.plugins.ecrpipeline.ecr.EcrAuthorizationRequest;
import io.jenkins.plugins.ecrpipeline.ecr.EcrAuthorizer;
import io.jenkins.plugins.ecrpipeline.ecr.EcrPasswords;
import io.jenkins.plugins.ecrpipeline.registry.RegistryProbe;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import jenkins.security.MasterToSlaveCallable;

/**
 * The engine calls that run in the agent JVM for steps that work on the controller: AWS calls (that is where the IAM
 * role is) and registry reachability (seen from where docker runs). Each takes and returns plain serializable values;
 * the build's environment travels with it. Long work (builds, promotions, cleanups) runs in a process of its own on the
 * agent instead ({@link DurableJobExecution}).
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
            throw new PipelineException(Messages.AgentCalls_Offline());
        }
        try {
            preloadLibraries(channel, callable);
            return channel.call(callable);
        } catch (IOException e) {
            StringBuilder reasons = new StringBuilder(e.getMessage());
            for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
                reasons.append(": ").append(cause);
            }
            throw new PipelineException(Messages.AgentCalls_CallFailed(reasons), e);
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
            throw new PipelineException(Messages.AgentCalls_Interrupted(what), e);
        }
    }

    /** The error as the agent JVM has it, without a cause that the controller may not be able to load. */
    static PipelineException withoutCause(PipelineException e) {
        return e.field().map(f -> PipelineException.forFieldNamed(f, e.getMessage())).orElseGet(() -> new PipelineException(e.getMessage()));
    }

    /** {@link EcrAuthorizer#authorize}: ECR passwords from the agent's own credentials. */
    static final class Authorize extends MasterToSlaveCallable<EcrPasswords, RuntimeException> {
        private static final long serialVersionUID = 1L;
        private final EcrAuthorizationRequest request;
        private final TreeMap<String, String> environment;

        Authorize(EcrAuthorizationRequest request, Map<String, String> environment) {
            this.request = request;
            this.environment = new TreeMap<>(environment);
        }

        @Override
        public EcrPasswords call() {
            return onAgent(() -> EcrAuthorizer.authorize(request, AwsEnvironment.of(environment), Clock.systemUTC()), Messages.AgentCalls_Authorizing());
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
            return onAgent(() -> AwsIdentity.bind(settings, AwsEnvironment.of(environment)), Messages.AgentCalls_Binding());
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
            }, Messages.AgentCalls_CheckingRegistry(registry));
        }
    }
}
