package io.jenkins.plugins.ecrpipeline.ecr;

import io.jenkins.plugins.ecrpipeline.Futures;
import io.jenkins.plugins.ecrpipeline.PipelineException;
import io.jenkins.plugins.ecrpipeline.RequestField;
import io.jenkins.plugins.ecrpipeline.aws.AssumeRoleSettings;
import io.jenkins.plugins.ecrpipeline.aws.AwsEnvironment;
import io.jenkins.plugins.ecrpipeline.aws.AwsErrors;
import io.jenkins.plugins.ecrpipeline.aws.AwsSession;
import io.jenkins.plugins.ecrpipeline.aws.AwsSessionSettings;
import io.jenkins.plugins.ecrpipeline.process.Secret;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecr.model.AuthorizationData;

/**
 * ECR passwords from the credentials of the JVM it runs in: one AWS session per account and region, one
 * GetAuthorizationToken per session, reused until shortly before it expires. AWS calls only; docker is elsewhere.
 */
public final class EcrAuthorizer implements EcrPasswordSource, AutoCloseable {
    private static final java.util.regex.Pattern ECR_HOST = java.util.regex.Pattern.compile("[0-9]{12}(\\.dkr\\.ecr\\.[a-z0-9-]+\\.amazonaws\\.com(?:\\.cn)?)");

    private final List<AwsSession> sessions;
    /** Which sessions are the agent's own (their passwords also serve the registry ids). */
    private final List<Boolean> own;
    private final List<String> registryIds;
    private final Clock clock;
    private final EcrPassword[] current;

    private EcrAuthorizer(List<AwsSession> sessions, List<Boolean> own, List<String> registryIds, Clock clock) {
        this.sessions = List.copyOf(sessions);
        this.own = List.copyOf(own);
        this.registryIds = List.copyOf(registryIds);
        this.clock = clock;
        this.current = new EcrPassword[sessions.size()];
    }

    /**
     * Opens a session per account and region of the request (credentials are looked up now). The roles come first, in
     * the order given, and the agent's own account last: the first registry is the one a role was asked for, so a
     * command that acts on one registry by default (cleanup, build, {@code AWS_ECR_DOMAIN}) acts in the role's account.
     */
    public static EcrAuthorizer open(EcrAuthorizationRequest request, AwsEnvironment env, Clock clock) throws InterruptedException {
        AwsSessionSettings base = request.session();
        List<String> regions = request.regions().isEmpty() ? Collections.singletonList(base.region()) : request.regions();
        List<AssumeRoleSettings> identities = new ArrayList<>(request.roles());
        if (request.ownAccount()) {
            identities.add(null);
        }
        List<AwsSessionSettings> settings = new ArrayList<>();
        List<Boolean> own = new ArrayList<>();
        for (String region : regions) {
            for (AssumeRoleSettings role : identities) {
                settings.add(new AwsSessionSettings(region, base.endpointOverride(), role, base.imdsTimeout()));
                own.add(role == null);
            }
        }
        if (settings.size() == 1) {
            // The usual case (the agent's own account, one region): no thread to wait for.
            return new EcrAuthorizer(List.of(AwsSession.open(settings.get(0), env)), own, request.registryIds(), clock);
        }
        // Each session looks up credentials (instance metadata, STS for a role) on its own: all at once, so that a
        // cross-account promotion waits for the slowest lookup, not for their sum.
        List<Future<AwsSession>> opening = new ArrayList<>();
        ExecutorService threads = Futures.daemonThreads(Math.max(1, settings.size()), "aws-session-open");
        try {
            for (AwsSessionSettings one : settings) {
                opening.add(threads.submit(() -> AwsSession.open(one, env)));
            }
            List<AwsSession> sessions = new ArrayList<>();
            RuntimeException failed = null;
            for (Future<AwsSession> session : opening) {
                try {
                    sessions.add(Futures.result(session));
                } catch (RuntimeException e) {
                    failed = failed == null ? e : failed;
                }
            }
            if (failed != null) {
                sessions.forEach(AwsSession::close);
                throw failed;
            }
            return new EcrAuthorizer(sessions, own, request.registryIds(), clock);
        } catch (InterruptedException e) {
            threads.shutdownNow();
            for (Future<AwsSession> session : opening) {
                if (!session.cancel(true) && session.isDone()) {
                    closeQuietly(session);
                }
            }
            throw e;
        } finally {
            threads.shutdown();
        }
    }

    private static void closeQuietly(Future<AwsSession> session) {
        try {
            session.get().close();
        } catch (ExecutionException | InterruptedException | CancellationException e) {
            // a session that never opened holds nothing to close
        }
    }

    /**
     * One-shot: the passwords for every registry of the request, with sessions closed afterwards. The entry point
     * that runs where the credentials are (the Jenkins agent's JVM).
     */
    public static EcrPasswords authorize(EcrAuthorizationRequest request, AwsEnvironment env, Clock clock)
            throws InterruptedException {
        try (EcrAuthorizer authorizer = open(request, env, clock)) {
            return authorizer.authorize();
        }
    }

    @Override
    public synchronized EcrPasswords authorize() {
        List<Integer> renew = new ArrayList<>();
        for (int i = 0; i < sessions.size(); i++) {
            if (current[i] == null || current[i].needsRenewal(clock.instant())) {
                renew.add(i);
            }
        }
        renewAll(renew);
        List<EcrPassword> all = new ArrayList<>(java.util.Arrays.asList(current));
        for (int i = 0; i < sessions.size(); i++) {
            if (own.get(i)) {
                for (String id : registryIds) {
                    EcrPassword a = current[i];
                    all.add(new EcrPassword(registryHost(a.host(), id), a.password(), a.issuedAt(), a.expiresAt(), a.region(),
                            a.credentialSource()));
                }
            }
        }
        return new EcrPasswords(all);
    }

    /**
     * ECR's API for the registry at {@code host}: the session whose password logs in there (for a registry id of the
     * request, the agent's own session naming that account); empty when no session reaches that host.
     */
    public synchronized java.util.Optional<EcrRegistryApi> api(String host) {
        authorize();
        for (int i = 0; i < sessions.size(); i++) {
            if (current[i].host().equals(host)) {
                return java.util.Optional.of(new EcrRegistryApi(host, sessions.get(i).ecr(), null, sessions.get(i).credentialSource()));
            }
        }
        for (int i = 0; i < sessions.size(); i++) {
            for (String id : registryIds) {
                if (own.get(i) && ECR_HOST.matcher(current[i].host()).matches() && registryHost(current[i].host(), id).equals(host)) {
                    return java.util.Optional.of(new EcrRegistryApi(host, sessions.get(i).ecr(), id, sessions.get(i).credentialSource()));
                }
            }
        }
        return java.util.Optional.empty();
    }

    /** Another account's registry host in the same region: ECR's host names differ only in the account. */
    public static String registryHost(String ownHost, String registryId) {
        java.util.regex.Matcher host = ECR_HOST.matcher(ownHost);
        if (!host.matches()) {
            throw PipelineException.forField(RequestField.REGISTRY_IDS, "registry ids need ECR's host names (<account>.dkr.ecr.<region>.amazonaws.com), "
                    + "but this endpoint's registry is " + ownHost + "; log in with a role of account " + registryId + " instead");
        }
        return registryId + host.group(1);
    }

    /** One GetAuthorizationToken per session to renew, all at once (each is a round trip, and the first in a JVM a slow one). */
    private void renewAll(List<Integer> renew) {
        if (renew.size() == 1) {
            current[renew.get(0)] = authorize(sessions.get(renew.get(0)));
            return;
        }
        if (renew.isEmpty()) {
            return;
        }
        ExecutorService threads = Futures.daemonThreads(renew.size(), "ecr-authorize");
        try {
            List<Future<EcrPassword>> passwords = new ArrayList<>();
            for (int i : renew) {
                passwords.add(threads.submit(() -> authorize(sessions.get(i))));
            }
            for (int k = 0; k < renew.size(); k++) {
                current[renew.get(k)] = Futures.result(passwords.get(k));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PipelineException("interrupted while asking ECR for passwords", e);
        } finally {
            threads.shutdownNow();
        }
    }

    private EcrPassword authorize(AwsSession session) {
        AuthorizationData data;
        try {
            data = session.ecr().getAuthorizationToken().authorizationData().get(0);
        } catch (SdkException e) {
            throw AwsErrors.explain(e, "ecr:GetAuthorizationToken", "the " + session.credentialSource() + " credentials");
        }
        String decoded = new String(Base64.getDecoder().decode(data.authorizationToken()), StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        if (colon < 0 || !decoded.substring(0, colon).equals(EcrPassword.USER)) {
            throw new PipelineException("ECR returned an authorization token that is not AWS:<password>");
        }
        URI endpoint = URI.create(data.proxyEndpoint());
        String host = endpoint.getAuthority() != null ? endpoint.getAuthority() : data.proxyEndpoint();
        return new EcrPassword(host, Secret.of(decoded.substring(colon + 1)), clock.instant(), data.expiresAt(),
                session.region(), session.credentialSource());
    }

    @Override
    public void close() {
        sessions.forEach(AwsSession::close);
    }
}
