package io.jenkins.plugins.ecrpipeline.cleanup;

import io.jenkins.plugins.ecrpipeline.PipelineException;
import io.jenkins.plugins.ecrpipeline.registry.RegistryException;
import io.jenkins.plugins.ecrpipeline.registry.RegistryUnauthorizedException;

/** A registry's refusals in the cleanup's words: which login the cleanup reads, and that it lists and deletes. */
final class CleanupErrors {
    private CleanupErrors() {
    }

    /** The refusal worded for a cleanup; other problems as they are. */
    static PipelineException worded(PipelineException e) {
        if (e instanceof RegistryUnauthorizedException refused) {
            String what = refused.scopes().isEmpty() ? "" : " for " + String.join(" and ", refused.scopes());
            return new PipelineException("registry " + refused.registry() + " refused the cleanup's "
                    + (refused.hadLogin() ? "login" : "request without a login") + what + ". "
                    + (refused.hadLogin() ? "Check that this login may list the repositories and tags and delete manifests."
                            : "Log in to it with 'docker login " + refused.registry() + "' into the docker config the cleanup reads "
                                    + "(dockerConfig, else the user's); for ECR clean through ECR's API instead."), e);
        }
        if (e instanceof RegistryException answer && answer.status() == 403) {
            return new PipelineException("registry " + answer.registry() + " denied the request to " + answer.action()
                    + (answer.detail().isEmpty() ? "" : " (" + answer.detail() + ")")
                    + ": the cleanup's login may not do that; check the registry's access rules for listing and deleting.", e);
        }
        return e;
    }

    /** A delete the registry refused, as the report lists it. */
    static CleanupBackend.DeleteFailure deleteFailure(String repository, String digest, PipelineException e) {
        if (!(e instanceof RegistryException answer) || answer.isTransient()) {
            return new CleanupBackend.DeleteFailure(repository, digest, "CallFailed", worded(e).getMessage());
        }
        return switch (answer.status()) {
            case 404 -> new CleanupBackend.DeleteFailure(repository, digest, "ImageNotFound", "the registry no longer holds it");
            case 405 -> new CleanupBackend.DeleteFailure(repository, digest, "DeleteDisabled", "the registry does not allow deletes (HTTP 405); "
                    + "for the distribution registry set storage.delete.enabled: true");
            case 401 -> new CleanupBackend.DeleteFailure(repository, digest, "HTTP 401", worded(e).getMessage());
            default -> new CleanupBackend.DeleteFailure(repository, digest, "HTTP " + answer.status(), answer.detail());
        };
    }
}
