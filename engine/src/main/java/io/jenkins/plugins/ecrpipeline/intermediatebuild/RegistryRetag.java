package io.jenkins.plugins.ecrpipeline.intermediatebuild;

import io.jenkins.plugins.ecrpipeline.PipelineException;
import io.jenkins.plugins.ecrpipeline.registry.ImageName;
import io.jenkins.plugins.ecrpipeline.registry.RegistryClient;
import io.jenkins.plugins.ecrpipeline.registry.RegistryException;
import io.jenkins.plugins.ecrpipeline.registry.RegistryHttp;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Points a further tag of a pushed image (the moving tag, after the dated one) at the digest the first push wrote,
 * through the registry's API: one manifest read by digest and one write under the tag. A second {@code docker push}
 * would have the daemon check every layer again; on a warm agent that was the largest cost between a service's build
 * and its end. The manifest read is checked against the digest, so the tag serves the very image that was pushed.
 * Services call it at once; the clients are shared, one per registry and login. The call goes from this JVM, not from
 * the daemon (its network, proxy and trust store): a registry that does not answer it, or refuses its login, is not
 * asked again in this run, and its names go through docker push.
 */
final class RegistryRetag implements ServicePipeline.Retag {
    /**
     * A registry's login at the moment of the call (ECR passwords are renewed during long runs), or empty for none.
     * Called under this class's lock, one call at a time.
     */
    @FunctionalInterface
    interface Logins {
        Optional<RegistryClient.Login> forRegistry(String registry) throws InterruptedException;

        /** Readies what the first call needs (a config file to read), ahead; called under the same lock. */
        default void prepare() throws InterruptedException {
        }
    }

    private final Logins logins;
    /** The registries of the run's names: whether the client needs TLS ({@link RegistryHttp}). */
    private final List<String> registries;
    /** One at a time through the logins (a credential helper runs, a renewal may hold them); a stop can break the wait. */
    private final ReentrantLock lock = new ReentrantLock();
    /** Created by {@link #prepare} (runs that push more than one name per image) or on first use (a cache tag's refresh). */
    private HttpClient http;
    private final Map<String, RegistryClient> clients = new HashMap<>();
    private final Map<String, Optional<RegistryClient.Login>> loginOfClient = new HashMap<>();
    /** Registries that did not answer or refused the login, with the first refusal's words. */
    private final Map<String, String> refused = new HashMap<>();

    RegistryRetag(Logins logins, Collection<String> registries) {
        this.logins = logins;
        this.registries = List.copyOf(registries);
    }

    @Override
    public void pointAt(ImageName name, String digest) throws InterruptedException {
        RegistryClient client = client(name.registry());
        try {
            RegistryClient.Manifest manifest = client.manifest(name.repository(), digest).orElseThrow(() -> new PipelineException(
                    "registry " + name.registry() + " does not hold " + name.repository() + "@" + digest + ", which was just pushed"));
            if (!digest.equals(manifest.digest())) {
                throw new PipelineException("registry " + name.registry() + " served " + manifest.digest() + " for " + name.repository() + "@"
                        + digest);
            }
            client.putManifest(name.repository(), name.tag(), manifest);
        } catch (RegistryException e) {
            if (e.status() == RegistryException.NO_ANSWER || e.status() == 401 || e.status() == 403) {
                remember(name.registry(), e.getMessage());
            }
            throw e;
        }
    }

    @Override
    public void prepare() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            http();
            logins.prepare();
        } finally {
            lock.unlock();
        }
    }

    /** Under the lock. */
    private HttpClient http() {
        if (http == null) {
            http = RegistryHttp.forRegistries(registries, Duration.ofSeconds(10));
        }
        return http;
    }

    private RegistryClient client(String registry) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            String before = refused.get(registry);
            if (before != null) {
                throw new PipelineException("not asked again in this run: " + before);
            }
            Optional<RegistryClient.Login> login = logins.forRegistry(registry);
            RegistryClient client = clients.get(registry);
            if (client == null || !login.equals(loginOfClient.get(registry))) {
                // Made again when the login changed since (a renewed ECR password).
                client = new RegistryClient(http(), registry, login.orElse(null));
                clients.put(registry, client);
                loginOfClient.put(registry, login);
            }
            return client;
        } finally {
            lock.unlock();
        }
    }

    private void remember(String registry, String refusal) {
        lock.lock();
        try {
            refused.putIfAbsent(registry, refusal);
        } finally {
            lock.unlock();
        }
    }
}
