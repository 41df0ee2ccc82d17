package io.jenkins.plugins.ecrpipeline.registry;

import java.util.List;

/**
 * The registry refused the login (or the request without one) after its challenge was answered: the credentials are
 * missing, wrong, or may not act on these scopes.
 */
public final class RegistryUnauthorizedException extends RegistryException {
    private static final long serialVersionUID = 1L;

    private final boolean hadLogin;
    private final List<String> scopes;

    RegistryUnauthorizedException(String registry, int status, boolean hadLogin, List<String> scopes) {
        super(registry, "authenticate", status, List.of(), "", "registry " + registry + " refused the "
                + (hadLogin ? "login" : "request without a login") + (scopes.isEmpty() ? "" : " for " + String.join(" and ", scopes)) + ".",
                null);
        this.hadLogin = hadLogin;
        this.scopes = List.copyOf(scopes);
    }

    /** Whether a login was sent (false: the request went without one, and the registry wants one). */
    public boolean hadLogin() {
        return hadLogin;
    }

    /** The token scopes asked for ({@code repository:app:pull,push}); empty for Basic authentication. */
    public List<String> scopes() {
        return scopes;
    }
}
