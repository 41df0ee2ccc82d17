package io.jenkins.plugins.ecrpipeline.ecr;

import io.jenkins.plugins.ecrpipeline.PipelineException;
import io.jenkins.plugins.ecrpipeline.docker.DockerClient;
import io.jenkins.plugins.ecrpipeline.docker.DockerConfigDir;
import io.jenkins.plugins.ecrpipeline.process.CommandResult;
import io.jenkins.plugins.ecrpipeline.process.Host;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Docker logged in to ECR registries in one config directory, through the host's command runner: each password
 * reaches docker on standard input only. {@link #ensureFresh()} renews logins close to expiry (call it before each
 * push of a long run); closing deletes a private config directory, logins and all.
 */
public final class EcrDockerLogin implements AutoCloseable {
    private final EcrPasswordSource authorizer;
    private final DockerClient docker;
    private final DockerConfigDir config;
    private final Host host;
    /** An authorizer this login opened itself and closes with it, or null. */
    private EcrAuthorizer ownedAuthorizer;
    private final Map<String, EcrPassword> loggedIn = new HashMap<>();
    private EcrPasswords current;

    private EcrDockerLogin(EcrPasswordSource authorizer, DockerClient docker, DockerConfigDir config, Host host) {
        this.authorizer = authorizer;
        this.docker = docker.withConfigDir(config.path());
        this.config = config;
        this.host = host;
    }

    /**
     * Authorizes and logs docker in to every registry; on failure the config directory is closed (a private one deleted).
     *
     * @param docker the client; its config directory becomes {@code config}
     */
    public static EcrDockerLogin open(EcrPasswordSource authorizer, DockerClient docker, DockerConfigDir config, Host host)
            throws InterruptedException {
        EcrDockerLogin login = new EcrDockerLogin(authorizer, docker, config, host);
        try {
            login.refresh();
            return login;
        } catch (RuntimeException | InterruptedException e) {
            config.close();
            throw e;
        }
    }

    /**
     * Logs in with the credentials of this JVM (the CLI's case: it runs on the agent): the AWS sessions stay open for
     * renewals and close with the login.
     */
    public static EcrDockerLogin openWithLocalCredentials(EcrAuthorizationRequest request, DockerClient docker, DockerConfigDir config,
            Host host) throws InterruptedException {
        EcrAuthorizer authorizer;
        try {
            authorizer = EcrAuthorizer.open(request, io.jenkins.plugins.ecrpipeline.aws.AwsEnvironment.of(host.environment()), host.clock());
        } catch (RuntimeException | InterruptedException e) {
            config.close();
            throw e;
        }
        try {
            EcrDockerLogin login = open(authorizer, docker, config, host);
            login.ownedAuthorizer = authorizer;
            return login;
        } catch (RuntimeException | InterruptedException e) {
            authorizer.close();
            throw e;
        }
    }

    /** Renews every login whose password is close to expiry. */
    public synchronized void ensureFresh() throws InterruptedException {
        if (current.anyNeedsRenewal(host.clock().instant())) {
            refresh();
        }
    }

    private void refresh() throws InterruptedException {
        current = authorizer.authorize();
        for (EcrPassword authorization : current.all()) {
            EcrPassword previous = loggedIn.get(authorization.host());
            if (previous != null && previous.password().equals(authorization.password())) {
                continue;
            }
            login(authorization, previous != null);
            loggedIn.put(authorization.host(), authorization);
        }
    }

    private void login(EcrPassword authorization, boolean renewal) throws InterruptedException {
        config.prepareLogin(authorization.host());
        CommandResult result = host.runner().run(docker.login(authorization.host(), EcrPassword.USER, authorization.password()),
                line -> { });
        if (!result.succeeded()) {
            throw new PipelineException("docker login to " + authorization.host() + " refused the ECR password that was just issued: "
                    + String.join(" ", result.tail()).strip() + ". Check that the registry belongs to the account and region of these "
                    + "credentials (" + authorization.credentialSource() + ", " + authorization.region()
                    + ") and that the agent's clock is right.");
        }
        host.console().line("ECR login" + (renewal ? " renewed" : "") + ": " + authorization.host() + " (region " + authorization.region()
                + ", credentials from " + authorization.credentialSource() + "), valid until " + authorization.expiresAt());
    }

    /** The registry hosts logged in to, in login order: the roles' accounts, then the agent's own. */
    public synchronized List<String> hosts() {
        return current.hosts();
    }

    /** The registry commands act on by default ({@code AWS_ECR_DOMAIN}): the first role's account, else the agent's own. */
    public synchronized String primaryHost() {
        return current.primaryHost();
    }

    /** The passwords docker is logged in with now (renewed ones after a renewal), for the registry's own API. */
    public synchronized EcrPasswords passwords() {
        return current;
    }

    /** The docker client, pointed at the logged-in config directory. */
    public DockerClient docker() {
        return docker;
    }

    public DockerConfigDir config() {
        return config;
    }

    @Override
    public void close() {
        try {
            config.close();
        } finally {
            if (ownedAuthorizer != null) {
                ownedAuthorizer.close();
            }
        }
    }
}
