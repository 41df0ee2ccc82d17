package io.jenkins.plugins.ecrpipeline.intermediatebuild;

import io.jenkins.plugins.ecrpipeline.PipelineException;
import io.jenkins.plugins.ecrpipeline.registry.ImageName;
import io.jenkins.plugins.ecrpipeline.registry.RegistryClient;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Points a further tag of a pushed image (the moving tag, after the dated one) at the digest the first push wrote,
 * through the registry's API: one manifest read by digest and one write under the tag. A second {@code docker push}
 * would have the daemon check every layer again; on a warm agent that was the largest cost between a service's build
 * and its end. The registry keeps a manifest's exact bytes, so the tag serves the very digest that was pushed.
 * Services call it at once; the clients are shared, one per registry and login.
 */
final class RegistryRetag implements ServicePipeline.Retag {
    /** A registry's login at the moment of the call (ECR passwords are renewed during long runs), or empty for none. */
    @FunctionalInterface
    interface Logins {
        Optional<RegistryClient.Login> forRegistry(String registry) throws InterruptedException;
    }

    private final Logins logins;
    /** Created on first use: a run that pushes one name per image never starts it. */
    private HttpClient http;
    private final Map<String, RegistryClient> clients = new HashMap<>();
    private final Map<String, Optional<RegistryClient.Login>> loginOfClient = new HashMap<>();

    RegistryRetag(Logins logins) {
        this.logins = logins;
    }

    @Override
    public void pointAt(ImageName name, String digest) throws InterruptedException {
        RegistryClient client = client(name.registry());
        RegistryClient.Manifest manifest = client.manifest(name.repository(), digest).orElseThrow(() -> new PipelineException(
                "registry " + name.registry() + " does not hold " + name.repository() + "@" + digest + ", which was just pushed"));
        client.putManifest(name.repository(), name.tag(), manifest);
    }

    /** The registry's client, made again when its login changed since (a renewed ECR password). */
    private synchronized RegistryClient client(String registry) throws InterruptedException {
        Optional<RegistryClient.Login> login = logins.forRegistry(registry);
        RegistryClient client = clients.get(registry);
        if (client == null || !login.equals(loginOfClient.get(registry))) {
            if (http == null) {
                http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            }
            client = new RegistryClient(http, registry, login.orElse(null));
            clients.put(registry, client);
            loginOfClient.put(registry, login);
        }
        return client;
    }
}
