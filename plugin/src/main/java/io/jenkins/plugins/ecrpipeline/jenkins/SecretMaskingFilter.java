package io.jenkins.plugins.ecrpipeline.jenkins;

import hudson.console.ConsoleLogFilter;
import hudson.console.LineTransformationOutputStream;
import hudson.model.Run;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks the block's AWS secrets in its log, line by line, in every form credentials-binding masks (quoted, escaped,
 * base64). The pattern comes from the block's {@link RenewedAwsVariables} at each line, so credentials renewed during
 * the block are masked too; the filter is saved with the Pipeline's state together with it.
 */
final class SecretMaskingFilter extends ConsoleLogFilter implements Serializable {
    private static final long serialVersionUID = 1L;

    private final RenewedAwsVariables variables;

    SecretMaskingFilter(RenewedAwsVariables variables) {
        this.variables = variables;
    }

    @Override
    public OutputStream decorateLogger(Run build, OutputStream logger) {
        return new LineTransformationOutputStream.Delegating(logger) {
            @Override
            protected void eol(byte[] bytes, int length) throws IOException {
                Pattern secrets = variables.maskPattern();
                String line = new String(bytes, 0, length, StandardCharsets.UTF_8);
                Matcher found = secrets.matcher(line);
                if (secrets.pattern().isEmpty() || !found.find()) {
                    out.write(bytes, 0, length);
                } else {
                    out.write(found.replaceAll("****").getBytes(StandardCharsets.UTF_8));
                }
            }
        };
    }
}
