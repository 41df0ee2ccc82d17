package io.jenkins.plugins.ecrpipeline.deploy;

import io.jenkins.plugins.ecrpipeline.aws.AwsEnvironment;
import io.jenkins.plugins.ecrpipeline.aws.AwsIdentity;
import io.jenkins.plugins.ecrpipeline.aws.CredentialBinding;
import io.jenkins.plugins.ecrpipeline.process.Command;
import io.jenkins.plugins.ecrpipeline.process.CommandResult;
import io.jenkins.plugins.ecrpipeline.process.Host;
import io.jenkins.plugins.ecrpipeline.process.Secret;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the team's deploy command for each promoted service, through the host's command runner (in Jenkins, the
 * {@code Launcher}), with the host's environment, the bound AWS credentials and the image variables. Its output goes
 * to the console as it comes, with the secret values masked; its exit code decides.
 */
public final class Deployment {
    private Deployment() {
    }

    /** Deploys with credentials read in this JVM (the CLI's case: it runs on the agent). */
    public static DeployReport deploy(DeployRequest request, Host host) throws InterruptedException {
        AwsEnvironment env = AwsEnvironment.of(host.environment());
        return deploy(request, host, settings -> AwsIdentity.bind(settings, env));
    }

    /** Where a deploy's credentials are read: in Jenkins, the agent JVM, while the command runs through the Launcher. */
    @FunctionalInterface
    public interface CredentialSource {
        CredentialBinding bind(io.jenkins.plugins.ecrpipeline.aws.AwsSessionSettings settings) throws InterruptedException;
    }

    /** Deploys with credentials from {@code credentials}, bound again between services when they near expiry. */
    public static DeployReport deploy(DeployRequest request, Host host, CredentialSource credentials) throws InterruptedException {
        CredentialBinding binding = null;
        Instant boundAt = null;
        List<DeployResult> results = new ArrayList<>();
        boolean failed = false;
        for (DeployTarget target : request.targets()) {
            if (failed) {
                results.add(new DeployResult(target, -1, DeployResult.Outcome.NOT_RUN, null));
                continue;
            }
            // Bound per service when they would expire soon, so a long deploy of many services never gets stale credentials.
            if (request.credentials() != null && (binding == null || binding.needsRenewal(host.clock().instant(), boundAt))) {
                binding = credentials.bind(request.credentials());
                boundAt = host.clock().instant();
            }
            Map<String, String> variables = new HashMap<>();
            Collection<Secret> secrets = List.of();
            if (binding != null) {
                variables.putAll(binding.revealForChildProcess());
                secrets = binding.secretVariables().values();
            }
            variables.put("IMAGE", target.image());
            variables.put("IMAGE_DIGEST", target.digest());
            variables.put("IMAGE_TAG", target.tag());
            variables.put("IMAGE_SERVICE", target.service());
            host.console().line("Deploying " + target.service() + ": " + target.image() + ":" + target.tag() + "@" + target.digest()
                    + " with " + String.join(" ", request.command()));
            Masker mask = new Masker(secrets);
            String prefix = "[" + target.service() + "] ";
            CommandResult result = host.runner().run(new Command(request.command(), variables, host.workspace(), null),
                    line -> host.console().line(prefix + mask.apply(line)));
            if (result.succeeded()) {
                results.add(new DeployResult(target, 0, DeployResult.Outcome.DEPLOYED, null));
                host.console().line("Deployed " + target.service() + " (" + target.digest() + ")");
            } else {
                String failure = host.redaction().apply("the deploy command exited with " + result.exitCode() + " for " + target.service()
                        + (result.tail().isEmpty() ? "" : "; its last lines:\n" + String.join("\n", result.tail().stream().map(mask::apply).toList())));
                results.add(new DeployResult(target, result.exitCode(), DeployResult.Outcome.FAILED, failure));
                host.console().line("FAILED: " + failure);
                failed = true;
            }
        }
        return new DeployReport(results);
    }

    /** Replaces every secret value in a line with {@code ****}, as credentials-binding masks the build log. */
    private record Masker(Collection<Secret> secrets) {
        String apply(String line) {
            String masked = line;
            for (Secret secret : secrets) {
                if (!secret.reveal().isEmpty()) {
                    masked = masked.replace(secret.reveal(), "****");
                }
            }
            return masked;
        }
    }
}
