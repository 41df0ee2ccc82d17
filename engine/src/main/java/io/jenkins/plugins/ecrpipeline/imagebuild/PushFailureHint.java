package io.jenkins.plugins.ecrpipeline.imagebuild;

import java.util.List;
import java.util.Locale;

/** Turns docker's push errors into the next step a person should take. */
final class PushFailureHint {
    private PushFailureHint() {
    }

    static String forOutput(List<String> output, ImageName image) {
        String text = String.join("\n", output).toLowerCase(Locale.ROOT);
        if (text.contains("no basic auth credentials") || text.contains("unauthorized") || text.contains("authentication required")) {
            return ". The registry " + image.registry() + " refused the push: log in first (ecrLogin, or 'docker login "
                    + image.registry() + " --password-stdin'), with the same DOCKER_CONFIG the build uses.";
        }
        if (text.contains("denied")) {
            return ". The registry " + image.registry() + " denied the push: check that repository '" + image.repository()
                    + "' exists and that these credentials may push to it.";
        }
        if (text.contains("connection refused") || text.contains("no such host") || text.contains("i/o timeout")) {
            return ". The registry " + image.registry() + " cannot be reached from this machine.";
        }
        return "";
    }
}
