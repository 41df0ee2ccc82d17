package io.jenkins.plugins.ecrpipeline.cleanup;

import io.jenkins.plugins.ecrpipeline.PipelineException;
import io.jenkins.plugins.ecrpipeline.RequestField;
import io.jenkins.plugins.ecrpipeline.process.Host;
import java.nio.charset.StandardCharsets;

/** Prints what of the policy an ECR lifecycle policy can say, writes it to a file, and sets it on the repositories. */
final class LifecyclePolicyOutput {
    private LifecyclePolicyOutput() {
    }

    /** Throws when a lifecycle policy was to be set and none can be made, or the registry is not ECR. */
    static void write(CleanupRequest request, Host host, CleanupBackend backend)
            throws InterruptedException {
        LifecyclePolicyExport.Export export = LifecyclePolicyExport.render(request.policy());
        host.console().line(export.json() == null ? "No rule of the policy can be an ECR lifecycle policy:"
                : "As an ECR lifecycle policy, the policy leaves out:" + (export.notExpressed().isEmpty() ? " nothing" : ""));
        export.notExpressed().forEach(m -> host.console().line("  " + m));
        if (export.json() == null) {
            if (request.putLifecyclePolicy()) {
                throw PipelineException.forField(RequestField.PUT_LIFECYCLE_POLICY, "no rule of the policy can be an ECR lifecycle policy; nothing was set");
            }
            return;
        }
        if (request.lifecyclePolicyFile() != null) {
            String file = host.resolve(request.lifecyclePolicyFile()).toString();
            host.files().write(file, export.json().getBytes(StandardCharsets.UTF_8));
            host.console().line("Lifecycle policy: " + file);
        }
        if (request.putLifecyclePolicy()) {
            if (!(backend instanceof EcrCleanupBackend ecr)) {
                throw PipelineException.forField(RequestField.PUT_LIFECYCLE_POLICY, "lifecycle policies are ECR's; " + backend.registry() + " is cleaned "
                        + "through the registry API");
            }
            for (String repository : ImageCleanup.repositories(request.policy(), backend)) {
                ecr.putLifecyclePolicy(repository, export.json());
                host.console().line("Lifecycle policy set on " + repository);
            }
        }
    }
}
