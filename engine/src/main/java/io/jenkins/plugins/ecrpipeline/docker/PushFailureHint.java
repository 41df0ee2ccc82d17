package io.jenkins.plugins.ecrpipeline.docker;

import java.util.List;
import java.util.Locale;

/** Turns docker's push errors into the next step a person should take. */
public final class PushFailureHint {
    private PushFailureHint() {
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
