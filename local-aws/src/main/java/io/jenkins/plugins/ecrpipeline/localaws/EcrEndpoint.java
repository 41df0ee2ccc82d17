package io.jenkins.plugins.ecrpipeline.localaws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Amazon ECR's API (JSON 1.1) over real registries: repositories are metadata here, images are whatever the
 * account's registry stores, so an image pushed with docker shows up in DescribeImages and BatchDeleteImage
 * really removes it. Request members and errors follow the ECR service model. This class checks each call and hands it
 * to the class for its kind of operation: {@link EcrRepositoryActions}, {@link EcrImageReads}, {@link EcrImageWrites}.
 */
final class EcrEndpoint {
    static final String TARGET_PREFIX = "AmazonEC2ContainerRegistry_V20150921.";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Request members per operation, from the ECR service model. */
    static final Map<String, Set<String>> MEMBERS = Map.ofEntries(
            Map.entry("GetAuthorizationToken", Set.of("registryIds")),
            Map.entry("CreateRepository", Set.of("registryId", "repositoryName", "tags", "imageTagMutability",
                    "imageTagMutabilityExclusionFilters", "imageScanningConfiguration", "encryptionConfiguration")),
            Map.entry("DescribeRepositories", Set.of("registryId", "repositoryNames", "nextToken", "maxResults")),
            Map.entry("DeleteRepository", Set.of("registryId", "repositoryName", "force")),
            Map.entry("DescribeImages", Set.of("registryId", "repositoryName", "imageIds", "nextToken", "maxResults", "filter")),
            Map.entry("ListImages", Set.of("registryId", "repositoryName", "nextToken", "maxResults", "filter")),
            Map.entry("BatchDeleteImage", Set.of("registryId", "repositoryName", "imageIds")),
            Map.entry("BatchGetImage", Set.of("registryId", "repositoryName", "imageIds", "acceptedMediaTypes")),
            Map.entry("PutImage", Set.of("registryId", "repositoryName", "imageManifest", "imageManifestMediaType", "imageTag", "imageDigest")),
            Map.entry("PutLifecyclePolicy", Set.of("registryId", "repositoryName", "lifecyclePolicyText")),
            Map.entry("GetLifecyclePolicy", Set.of("registryId", "repositoryName")),
            Map.entry("DeleteLifecyclePolicy", Set.of("registryId", "repositoryName")));

    private final Map<String, AccountRegistry> registries;
    private final EcrRepositories repositories;
    private final EcrPasswords passwords;
    private final Supplier<Duration> tokenLifetime;
    private final Supplier<Faults> faults;
    private final EcrRepositoryActions repositoryActions;
    private final EcrImageWrites imageWrites;

    /**
     * @param faults the faults in force: delete failures ({@link Faults#deleteFailures()}) and actions no policy allows
     *     ({@link Faults#deniedActions()})
     */
    EcrEndpoint(Map<String, AccountRegistry> registries, EcrRepositories repositories, EcrPasswords passwords, RegistryAdminClient admin,
            Supplier<Duration> tokenLifetime, Supplier<Faults> faults, Clock clock) {
        this.registries = Map.copyOf(registries);
        this.repositories = repositories;
        this.passwords = passwords;
        this.tokenLifetime = tokenLifetime;
        this.faults = faults;
        this.repositoryActions = new EcrRepositoryActions(repositories, clock);
        this.imageWrites = new EcrImageWrites(admin, faults);
    }

    ObjectNode call(String operation, JsonNode input, SigV4Verifier.Caller caller) throws IOException, InterruptedException {
        Set<String> members = MEMBERS.get(operation);
        if (members == null) {
            throw new AwsErrorException(400, "UnknownOperationException", null);
        }
        if (input == null || !input.isObject()) {
            throw new AwsErrorException(400, "SerializationException", "Start of structure or map found where not expected.");
        }
        for (Iterator<String> names = input.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!members.contains(name)) {
                throw AwsErrorException.invalidParameter("Unknown parameter '" + name + "' in " + operation + "Request; valid members: "
                        + String.join(", ", members.stream().sorted().toList()));
            }
        }
        EcrRequest request = new EcrRequest(operation, input, caller, faults.get(), repositories, registries);
        return switch (operation) {
            case "GetAuthorizationToken" -> getAuthorizationToken(request);
            case "CreateRepository" -> repositoryActions.createRepository(request);
            case "DescribeRepositories" -> repositoryActions.describeRepositories(request);
            case "DeleteRepository" -> repositoryActions.deleteRepository(request);
            case "DescribeImages" -> EcrImageReads.describeImages(request);
            case "ListImages" -> EcrImageReads.listImages(request);
            case "BatchDeleteImage" -> imageWrites.batchDeleteImage(request);
            case "BatchGetImage" -> EcrImageReads.batchGetImage(request);
            case "PutImage" -> imageWrites.putImage(request);
            case "PutLifecyclePolicy" -> repositoryActions.putLifecyclePolicy(request);
            case "GetLifecyclePolicy", "DeleteLifecyclePolicy" -> repositoryActions.lifecyclePolicy(request, operation.startsWith("Delete"));
            default -> throw new AwsErrorException(400, "UnknownOperationException", null);
        };
    }

    private ObjectNode getAuthorizationToken(EcrRequest r) {
        ObjectNode out = JSON.createObjectNode();
        ArrayNode data = out.putArray("authorizationData");
        Duration lifetime = tokenLifetime.get();
        String password = passwords.issue(r.account(), lifetime);
        data.addObject()
                .put("authorizationToken", Base64.getEncoder().encodeToString(("AWS:" + password).getBytes(StandardCharsets.UTF_8)))
                .put("expiresAt", epochSeconds(passwords.grantFor(password).expiresAt()))
                .put("proxyEndpoint", r.registry().endpoint().toString());
        return out;
    }

    /** The JSON 1.1 protocol sends timestamps as epoch seconds, with fractions. */
    static double epochSeconds(Instant instant) {
        return instant.getEpochSecond() + instant.getNano() / 1e9;
    }
}
