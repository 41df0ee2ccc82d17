package io.jenkins.plugins.ecrpipeline.registry;

import java.security.KeyManagementException;
import java.security.SecureRandom;
import java.util.function.Supplier;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * A TLS context that asks its source (the JDK's default context) only when a connection first needs TLS. The JDK's
 * HTTP client sets up the default context when it is built: the trust store read and parsed, the TLS provider readied,
 * some 85 ms of CPU (and the compilations that follow) at the moment a run starts twelve builds. A client that only
 * reaches registries over plain HTTP never needs it; should it meet an HTTPS address after all (a token service), the
 * source is asked then, and the connection is what the default context would make.
 */
final class DeferredTls extends SSLContextSpi {
    private final Supplier<SSLContext> source;
    private SSLContext context;

    private DeferredTls(Supplier<SSLContext> source) {
        this.source = source;
    }

    /** A context that is {@code source}'s, asked for on first use (once). */
    static SSLContext of(Supplier<SSLContext> source) {
        return new SSLContext(new DeferredTls(source), null, "Default") {
        };
    }

    private synchronized SSLContext context() {
        if (context == null) {
            context = source.get();
        }
        return context;
    }

    @Override
    protected void engineInit(KeyManager[] keys, TrustManager[] trust, SecureRandom random) throws KeyManagementException {
        throw new KeyManagementException("a deferred TLS context takes its keys and trust from its source");
    }

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
        return context().getSocketFactory();
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
        return context().getServerSocketFactory();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
        return context().createSSLEngine();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
        return context().createSSLEngine(host, port);
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
        return context().getServerSessionContext();
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
        return context().getClientSessionContext();
    }

    @Override
    protected SSLParameters engineGetDefaultSSLParameters() {
        return context().getDefaultSSLParameters();
    }

    @Override
    protected SSLParameters engineGetSupportedSSLParameters() {
        return context().getSupportedSSLParameters();
    }
}
