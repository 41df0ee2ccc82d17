package io.jenkins.plugins.ecrpipeline.jenkins;

import hudson.console.ConsoleLogFilter;
import hudson.console.LineTransformationOutputStream;
import hudson.model.Run;
import hudson.util.Secret;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;

/**
 * Replaces every occurrence of the bound secrets in the block's log with {@code ****}, line by line. The values are
 * kept as {@link Secret} (encrypted with the controller's key) because the filter is saved with the Pipeline's state.
 */
final class SecretMaskingFilter extends ConsoleLogFilter implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final String MASK = "****";

    private final List<Secret> secrets;

    SecretMaskingFilter(List<String> values) {
        // Longest first, so a secret that contains another is masked whole.
        this.secrets = values.stream().filter(v -> !v.isEmpty()).sorted(Comparator.comparingInt(String::length).reversed())
                .map(Secret::fromString).toList();
    }

    @Override
    public OutputStream decorateLogger(Run build, OutputStream logger) {
        List<String> plain = secrets.stream().map(Secret::getPlainText).toList();
        return new LineTransformationOutputStream.Delegating(logger) {
            @Override
            protected void eol(byte[] bytes, int length) throws IOException {
                String line = new String(bytes, 0, length, StandardCharsets.UTF_8);
                for (String secret : plain) {
                    line = line.replace(secret, MASK);
                }
                out.write(line.getBytes(StandardCharsets.UTF_8));
            }
        };
    }
}
