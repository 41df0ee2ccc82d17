package io.jenkins.plugins.ecrpipeline.cleanup;

import io.jenkins.plugins.ecrpipeline.PipelineException;
import io.jenkins.plugins.ecrpipeline.RequestField;
import io.jenkins.plugins.ecrpipeline.aws.AwsEnvironment;
import io.jenkins.plugins.ecrpipeline.ecr.EcrAuthorizer;
import io.jenkins.plugins.ecrpipeline.ecr.EcrRegistryApi;
import io.jenkins.plugins.ecrpipeline.process.Host;

/** Opens the backend a request names; the caller closes it. */
final class CleanupBackends {
    private CleanupBackends() {
    }

    /** The backend the request names: ECR's API with an ECR login, else the registry API with the docker config's logins. */
    static CleanupBackend open(CleanupRequest request, Host host) throws InterruptedException {
        if (request.ecrApi() == null) {
            return RegistryCleanupBackend.open(request.registry(), host, request.dockerConfig());
        }
        EcrAuthorizer authorizer = EcrAuthorizer.open(request.ecrApi(), AwsEnvironment.of(host.environment()), host.clock());
        try {
            String registry = request.registry() != null ? request.registry() : authorizer.authorize().primaryHost();
            EcrRegistryApi api = authorizer.api(registry).orElseThrow(() -> PipelineException.forField(RequestField.REGISTRY, "the ECR login reaches "
                    + String.join(", ", authorizer.authorize().all().stream().map(a -> a.host()).toList()) + ", not " + registry
                    + "; name one of those, or log in to that account (a role to assume) or region"));
            return new EcrCleanupBackend(api, authorizer::close);
        } catch (RuntimeException e) {
            authorizer.close();
            throw e;
        }
    }
}
