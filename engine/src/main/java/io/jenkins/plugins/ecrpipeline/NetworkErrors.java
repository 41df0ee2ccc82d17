package io.jenkins.plugins.ecrpipeline;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import javax.net.ssl.SSLException;

/** Java's network exceptions often carry no message; this says in words what happened. */
public final class NetworkErrors {
    private NetworkErrors() {
    }

    public static String describe(IOException e, Duration timeout) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getMessage() == null) {
            cause = cause.getCause();
        }
        if (cause instanceof HttpTimeoutException || cause instanceof SocketTimeoutException) {
            return "no answer within " + timeout.toSeconds() + " s";
        }
        if (cause instanceof ConnectException) {
            return "connection refused";
        }
        if (cause instanceof UnresolvedAddressException || cause instanceof UnknownHostException) {
            return "unknown host";
        }
        if (cause instanceof SSLException) {
            return "TLS handshake failed: " + cause.getMessage();
        }
        return cause.getMessage() != null ? cause.getMessage() : "connection failed";
    }
}
