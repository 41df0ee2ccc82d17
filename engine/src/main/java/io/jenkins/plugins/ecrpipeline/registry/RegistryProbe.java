package io.jenkins.plugins.ecrpipeline.registry;

import io.jenkins.plugins.ecrpipeline.PipelineException;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * Checks that a registry answers its {@code /v2/} endpoint before any build starts, so an unreachable
 * registry is reported in seconds instead of after a long build. Any HTTP answer (401 included) counts.
 */
public final class RegistryProbe implements io.jenkins.plugins.ecrpipeline.process.ReachabilityCheck {
    private final Duration timeout;

    public RegistryProbe(Duration timeout) {
        this.timeout = timeout;
    }

    /**
     * One GET through HttpURLConnection, not the JDK HttpClient: a client's selector thread stays blocked in native code
     * for the life of the JVM, and HotSpot waits up to 300 ms at exit for threads in native code, which every CLI run
     * paid at its end.
     */
    @Override
    public void requireReachable(String registryHost) throws InterruptedException {
        URI uri = URI.create(scheme(registryHost) + "://" + registryHost + "/v2/");
        try {
            HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
            connection.setConnectTimeout((int) timeout.toMillis());
            connection.setReadTimeout((int) timeout.toMillis());
            try {
                connection.getResponseCode();
            } finally {
                connection.disconnect();
            }
        } catch (IOException e) {
            String reason = io.jenkins.plugins.ecrpipeline.NetworkErrors.describe(e, timeout);
            throw new PipelineException("registry " + registryHost + " is unreachable (" + uri + ": " + reason
                    + "). Check the registry name and that it runs; for the local stack run 'scripts/local-stack up', "
                    + "for ECR check the account, the region and the agent's network route to it.", e);
        }
    }

    /**
     * Docker talks plain HTTP only to loopback registries by default (local tests, a registry on the agent); everything
     * else is HTTPS. The one rule for the probe and for the registry client, so both reach a registry the same way.
     */
    static String scheme(String registryHost) {
        String host = registryHost.startsWith("[") ? registryHost.substring(1, registryHost.indexOf(']'))
                : registryHost.contains(":") ? registryHost.substring(0, registryHost.lastIndexOf(':')) : registryHost;
        if (host.equals("localhost")) {
            return "http";
        }
        try {
            return host.matches("[0-9.]+|[0-9a-fA-F:]+") && InetAddress.getByName(host).isLoopbackAddress() ? "http" : "https";
        } catch (UnknownHostException e) {
            return "https";
        }
    }
}
