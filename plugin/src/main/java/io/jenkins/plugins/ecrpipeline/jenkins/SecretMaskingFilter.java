package io.jenkins.plugins.ecrpipeline.jenkins;

import hudson.console.ConsoleLogFilter;
import hudson.console.LineTransformationOutputStream;
import hudson.model.Run;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;

/**
 * Replaces every occurrence of the block's secrets in its log with {@code ****}, line by line. The values come from
 * the block's {@link RenewedAwsVariables} at each line, so credentials renewed during the block are masked too; the
 * filter is saved with the Pipeline's state together with it.
 */
final class SecretMaskingFilter extends ConsoleLogFilter implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final String MASK = "****";

    private final RenewedAwsVariables variables;

    SecretMaskingFilter(RenewedAwsVariables variables) {
        this.variables = variables;
    }

    @Override
    public OutputStream decorateLogger(Run build, OutputStream logger) {
        return new LineTransformationOutputStream.Delegating(logger) {
            @Override
            protected void eol(byte[] bytes, int length) throws IOException {
                String line = new String(bytes, 0, length, StandardCharsets.UTF_8);
                // Longest first, so a secret that contains another is masked whole.
                List<String> secrets = variables.maskedValues().stream().filter(v -> !v.isEmpty())
                        .sorted(Comparator.comparingInt(String::length).reversed()).toList();
                for (String secret : secrets) {
                    line = line.replace(secret, MASK);
                }
                out.write(line.getBytes(StandardCharsets.UTF_8));
            }
        };
    }
}
