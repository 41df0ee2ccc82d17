package io.jenkins.plugins.ecrpipeline.ecr;

import io.jenkins.plugins.ecrpipeline.aws.AssumeRoleSettings;
import io.jenkins.plugins.ecrpipeline.aws.AwsEnvironment;
import io.jenkins.plugins.ecrpipeline.aws.AwsSession;
import io.jenkins.plugins.ecrpipeline.aws.AwsSessionSettings;
import io.jenkins.plugins.ecrpipeline.process.CommandRunner;
import io.jenkins.plugins.ecrpipeline.process.Console;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Docker logged in to several ECR registries at once: the agent's own account and every assumed role's account,
 * in every requested region, all in one docker config. {@link #ensureFresh()} renews what is close to expiry.
 */
public final class EcrLogins implements AutoCloseable {
    private final List<AwsSession> sessions;
    private final List<RegistryLogin> logins;
    private final DockerConfigDir config;
    private final List<String> hosts;

    private EcrLogins(List<AwsSession> sessions, List<RegistryLogin> logins, DockerConfigDir config, List<String> hosts) {
        this.sessions = sessions;
        this.logins = logins;
        this.config = config;
        this.hosts = List.copyOf(hosts);
    }

    /** What to log in to: the own account unless {@code skipOwnAccount}, plus each role's account, in each region. */
    public record Targets(boolean ownAccount, List<AssumeRoleSettings> roles, List<String> regions) {
        public Targets {
            roles = List.copyOf(roles);
            regions = List.copyOf(regions);
        }
    }

    /**
     * Opens a session per account and region and logs docker in to each registry.
     *
     * @param config where logins are written; closed (a private one is deleted) with this object
     */
    public static EcrLogins open(Targets targets, AwsSessionSettings base, AwsEnvironment env, CommandRunner runner, String docker,
            DockerConfigDir config, Console console, Clock clock) throws InterruptedException {
        List<AwsSession> sessions = new ArrayList<>();
        List<RegistryLogin> logins = new ArrayList<>();
        List<String> hosts = new ArrayList<>();
        try {
            List<String> regions = targets.regions().isEmpty() ? java.util.Collections.singletonList(base.region()) : targets.regions();
            List<AssumeRoleSettings> identities = new ArrayList<>();
            if (targets.ownAccount()) {
                identities.add(null);
            }
            identities.addAll(targets.roles());
            for (String region : regions) {
                for (AssumeRoleSettings role : identities) {
                    AwsSessionSettings settings = new AwsSessionSettings(region, base.endpointOverride(), role, base.imdsTimeout());
                    AwsSession session = AwsSession.open(settings, env);
                    sessions.add(session);
                    RegistryLogin login = new RegistryLogin(session, runner, docker, config, console, clock);
                    logins.add(login);
                    hosts.add(login.ensureLoggedIn());
                }
            }
            return new EcrLogins(sessions, logins, config, hosts);
        } catch (RuntimeException | InterruptedException e) {
            sessions.forEach(AwsSession::close);
            config.close();
            throw e;
        }
    }

    /** The registry hosts logged in to, in login order (what the original job exported as AWS_ECR_DOMAIN). */
    public List<String> hosts() {
        return hosts;
    }

    public DockerConfigDir config() {
        return config;
    }

    /** The first session: the agent's own account in the first region, unless only roles were asked for. */
    public AwsSession primarySession() {
        return sessions.get(0);
    }

    /** Renews every login whose password is close to expiry; call before each push of a long run. */
    public void ensureFresh() throws InterruptedException {
        for (RegistryLogin login : logins) {
            login.ensureLoggedIn();
        }
    }

    @Override
    public void close() {
        sessions.forEach(AwsSession::close);
        config.close();
    }
}
