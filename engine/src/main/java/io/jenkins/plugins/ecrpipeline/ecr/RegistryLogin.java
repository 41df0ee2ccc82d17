package io.jenkins.plugins.ecrpipeline.ecr;

import io.jenkins.plugins.ecrpipeline.PipelineException;
import io.jenkins.plugins.ecrpipeline.aws.AwsErrors;
import io.jenkins.plugins.ecrpipeline.aws.AwsSession;
import io.jenkins.plugins.ecrpipeline.process.Command;
import io.jenkins.plugins.ecrpipeline.process.CommandResult;
import io.jenkins.plugins.ecrpipeline.process.CommandRunner;
import io.jenkins.plugins.ecrpipeline.process.Console;
import io.jenkins.plugins.ecrpipeline.process.Secret;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecr.model.AuthorizationData;

/**
 * Keeps docker logged in to one ECR registry: one GetAuthorizationToken per session, reused until shortly
 * before it expires, then issued again; the password reaches docker only on standard input.
 */
public final class RegistryLogin {
    private final AwsSession session;
    private final CommandRunner runner;
    private final String docker;
    private final DockerConfigDir config;
    private final Console console;
    private final Clock clock;
    private RegistryAuthorization current;

    public RegistryLogin(AwsSession session, CommandRunner runner, String docker, DockerConfigDir config, Console console, Clock clock) {
        this.session = session;
        this.runner = runner;
        this.docker = docker;
        this.config = config;
        this.console = console;
        this.clock = clock;
    }

    /** Logs in if there is no login yet or the password is close to expiry; returns the registry host. */
    public synchronized String ensureLoggedIn() throws InterruptedException {
        if (current != null && !current.needsRenewal(clock.instant())) {
            return current.host();
        }
        boolean renewal = current != null;
        RegistryAuthorization authorization = authorize();
        config.prepareLogin(authorization.host());
        Command login = Command.of(List.of(docker, "--config", config.path().toString(), "login", "--username", "AWS",
                "--password-stdin", authorization.host())).withStandardInput(authorization.password());
        CommandResult result = runner.run(login, line -> { });
        if (!result.succeeded()) {
            throw new PipelineException("docker login to " + authorization.host() + " refused the ECR password that was just issued: "
                    + String.join(" ", result.tail()).strip() + ". Check that the registry belongs to the account and region of these "
                    + "credentials (" + session.credentialSource() + ", " + session.region() + ") and that the agent's clock is right.");
        }
        current = authorization;
        console.line("ECR login" + (renewal ? " renewed" : "") + ": " + authorization.host() + " (region " + session.region()
                + ", credentials from " + session.credentialSource() + "), valid until " + authorization.expiresAt());
        return authorization.host();
    }

    private RegistryAuthorization authorize() {
        AuthorizationData data;
        try {
            data = session.ecr().getAuthorizationToken().authorizationData().get(0);
        } catch (SdkException e) {
            throw AwsErrors.explain(e, "ecr:GetAuthorizationToken", "the " + session.credentialSource() + " credentials");
        }
        String decoded = new String(Base64.getDecoder().decode(data.authorizationToken()), StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        if (colon < 0 || !decoded.substring(0, colon).equals("AWS")) {
            throw new PipelineException("ECR returned an authorization token that is not AWS:<password>");
        }
        URI endpoint = URI.create(data.proxyEndpoint());
        String host = endpoint.getAuthority() != null ? endpoint.getAuthority() : data.proxyEndpoint();
        return new RegistryAuthorization(host, Secret.of(decoded.substring(colon + 1)), clock.instant(), data.expiresAt());
    }

    public AwsSession session() {
        return session;
    }
}
