package io.jenkins.plugins.ecrpipeline.promote;

import io.jenkins.plugins.ecrpipeline.PipelineException;
import io.jenkins.plugins.ecrpipeline.RequestField;
import io.jenkins.plugins.ecrpipeline.registry.RegistryException;
import io.jenkins.plugins.ecrpipeline.registry.RegistryUnauthorizedException;
import java.util.List;

/** The promotion's errors a person can act on, worded once for both routes (ECR's API and the registry API). */
final class PromotionErrors {
    private PromotionErrors() {
    }

    /** A registry's refusal in the promotion's words (which IAM actions and which docker config); other problems as they are. */
    static PipelineException worded(PipelineException e) {
        if (e instanceof RegistryUnauthorizedException refused) {
            return refused(refused.registry(), refused.hadLogin(), refused.scopes());
        }
        if (e instanceof RegistryException answer && answer.status() == 403) {
            return denied(answer.registry(), answer.action(), answer.detail());
        }
        return e;
    }

    static PipelineException immutableTag(String repository, String tag, String detail) {
        return PipelineException.forField(RequestField.TARGET_TAGS, "tag '" + tag + "' already exists in " + repository
                + " on another image (" + detail + "), and the repository has immutable tags, so it cannot be moved. Promote to a "
                + "tag that is not used yet (a release number, say), or make the repository's tags mutable "
                + "(aws ecr put-image-tag-mutability --repository-name ... --image-tag-mutability MUTABLE).");
    }

    static PipelineException targetRepositoryMissing(String service, ImageReference target) {
        return PipelineException.forField(RequestField.TARGET_TAGS, service + ": the target repository " + target.repositoryName()
                + " does not exist; create it (aws ecr create-repository --repository-name " + target.repository() + ") or fix the target");
    }

    private static PipelineException refused(String registry, boolean hadLogin, List<String> scopes) {
        String what = scopes.isEmpty() ? "" : " for " + String.join(" and ", scopes);
        return new PipelineException("registry " + registry + " refused the " + (hadLogin ? "login" : "request without a login") + what
                + ". " + (hadLogin ? "Check that the credentials may pull the source and push the target (ECR: ecr:BatchGetImage, "
                        + "ecr:GetDownloadUrlForLayer, ecr:BatchCheckLayerAvailability, ecr:InitiateLayerUpload, ecr:UploadLayerPart, "
                        + "ecr:CompleteLayerUpload, ecr:PutImage) and that the repository exists."
                        : "Log in to it: with an ECR login for ECR registries (another account's through a role to assume), "
                                + "or 'docker login " + registry + "' into the docker config the promotion reads."));
    }

    private static PipelineException denied(String registry, String what, String detail) {
        return new PipelineException("registry " + registry + " denied the request to " + what + (detail.isEmpty() ? "" : " (" + detail + ")")
                + ": the credentials may not do that; check the repository exists and its policy (ECR: the IAM actions "
                + "ecr:BatchGetImage, ecr:PutImage and the layer upload actions).");
    }

    static PipelineException staleDigest(String service, ImageReference source, String expected, String actual) {
        return PipelineException.forField(RequestField.EXPECTED_DIGEST, service + ": " + source + " is " + actual + ", not the expected "
                + expected + ". Someone moved the tag since that digest was tested. Promote the digest "
                + "that was tested (" + source.repositoryName() + "@" + expected + ") or test the new one first.");
    }

    static PipelineException sourceMissing(String service, String source, String how) {
        return PipelineException.forField(RequestField.SOURCE, service + ": " + source + " does not exist" + how
                + "; check the registry, repository and tag (the nightly build pushes :intermediate)");
    }
}
