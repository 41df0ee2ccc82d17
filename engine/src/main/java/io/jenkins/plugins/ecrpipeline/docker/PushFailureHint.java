package io.jenkins.plugins.ecrpipeline.docker;

import java.util.List;
import java.util.Locale;

/** Turns docker's push errors into the next step a person should take. */
public final class PushFailureHint {
    private PushFailureHint() {
    }

    /**
     * Whether a failed push may succeed if tried again: the registry answered 5xx or 429, or the connection broke or
     * timed out. Refusals (denied, unauthorized, unknown repository) are not retried.
     */
    public static boolean isTransient(List<String> output) {
        String text = String.join("\n", output).toLowerCase(Locale.ROOT);
        if (text.contains("denied") || text.contains("unauthorized") || text.contains("authentication required")
                || text.contains("no basic auth credentials") || text.contains("name unknown") || text.contains("repository does not exist")) {
            return false;
        }
        return text.matches("(?s).*(status: 5\\d\\d|http status 5\\d\\d|\\b50[0234]\\b|toomanyrequests|\\b429\\b|i/o timeout"
                + "|connection reset|broken pipe|unexpected eof|tls handshake timeout|request canceled|connection refused).*");
    }

    /** A sentence to append to the failure, or "" when docker's words need no explaining. */
    public static String forOutput(List<String> output, String registry, String repository) {
        String text = String.join("\n", output).toLowerCase(Locale.ROOT);
        if (text.contains("no basic auth credentials") || text.contains("unauthorized") || text.contains("authentication required")) {
            return ". The registry " + registry + " refused the push: log in first (ecrLogin, or 'docker login "
                    + registry + " --password-stdin'), with the same DOCKER_CONFIG the build uses.";
        }
        if (text.contains("denied")) {
            return ". The registry " + registry + " denied the push: check that repository '" + repository
                    + "' exists and that these credentials may push to it.";
        }
        if (text.contains("connection refused") || text.contains("no such host") || text.contains("i/o timeout")) {
            return ". The registry " + registry + " cannot be reached from this machine.";
        }
        return "";
    }
}
