package io.jenkins.plugins.ecrpipeline.process;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A password, token or key. It never prints itself: {@code toString} is masked, so a secret that reaches a log
 * line, an exception or a debugger shows as {@code ****}. Read it only where it is handed over (standard input,
 * an SDK call).
 */
public final class Secret implements java.io.Serializable {
    // Serializable so that an authorization made on a Jenkins agent can reach the controller over the (encrypted)
    // remoting channel; it is never written to a build's files or returned to a Pipeline script.
    private static final long serialVersionUID = 1L;

    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value);
    }

    public static Secret of(String value) {
        return new Secret(value);
    }

    public String reveal() {
        return value;
    }

    public byte[] utf8() {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "****";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && s.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
