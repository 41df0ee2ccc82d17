package io.jenkins.plugins.ecrpipeline.registry;

import java.net.http.HttpClient;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Collection;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/** The JDK HTTP client for a known set of registries. */
public final class RegistryHttp {
    private RegistryHttp() {
    }

    /**
     * A client for {@code registries}: the JDK's defaults when any of them is reached over HTTPS (ECR always is); when all
     * are reached over plain HTTP (a registry on the agent's loopback), one whose TLS is set up only if a connection ever
     * needs it ({@link DeferredTls}).
     */
    public static HttpClient forRegistries(Collection<String> registries, Duration connectTimeout) {
        return forRegistries(registries, connectTimeout, RegistryHttp::defaultTls);
    }

    static HttpClient forRegistries(Collection<String> registries, Duration connectTimeout, Supplier<SSLContext> tls) {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(connectTimeout);
        if (!registries.isEmpty() && registries.stream().allMatch(r -> RegistryProbe.scheme(r).equals("http"))) {
            // Parameters that name no protocol or cipher suite leave the context's own defaults in force; given here, the
            // client does not ask the context for its defaults when it is built, which would set TLS up.
            builder.sslContext(DeferredTls.of(tls)).sslParameters(new SSLParameters());
        }
        return builder.build();
    }

    private static SSLContext defaultTls() {
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no default TLS context", e);
        }
    }
}
