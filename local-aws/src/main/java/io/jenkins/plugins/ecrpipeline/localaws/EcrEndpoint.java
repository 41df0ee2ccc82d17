package io.jenkins.plugins.ecrpipeline.localaws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Amazon ECR's API (JSON 1.1) over real registries: repositories are metadata here, images are whatever the
 * account's registry stores, so an image pushed with docker shows up in DescribeImages and BatchDeleteImage
 * really removes it. Request members and errors follow the ECR service model.
 */
final class EcrEndpoint {
    static final String TARGET_PREFIX = "AmazonEC2ContainerRegistry_V20150921.";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern REPOSITORY_NAME = Pattern.compile("[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*(/[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*)*");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
    private static final Pattern EXCLUSION_FILTER = Pattern.compile("[0-9a-zA-Z._*-]{1,128}");

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
    private final RegistryAdminClient admin;
    private final Supplier<Duration> tokenLifetime;
    private final Supplier<Faults> faults;
    private final Clock clock;

    /**
     * @param faults the faults in force: delete failures ({@link Faults#deleteFailures()}) and actions no policy allows
     *     ({@link Faults#deniedActions()})
     */
    EcrEndpoint(Map<String, AccountRegistry> registries, EcrRepositories repositories, EcrPasswords passwords, RegistryAdminClient admin,
            Supplier<Duration> tokenLifetime, Supplier<Faults> faults, Clock clock) {
        this.registries = Map.copyOf(registries);
        this.repositories = repositories;
        this.passwords = passwords;
        this.admin = admin;
        this.tokenLifetime = tokenLifetime;
        this.faults = faults;
        this.clock = clock;
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
        Request request = new Request(operation, input, caller);
        return switch (operation) {
            case "GetAuthorizationToken" -> getAuthorizationToken(request);
            case "CreateRepository" -> createRepository(request);
            case "DescribeRepositories" -> describeRepositories(request);
            case "DeleteRepository" -> deleteRepository(request);
            case "DescribeImages" -> describeImages(request);
            case "ListImages" -> listImages(request);
            case "BatchDeleteImage" -> batchDeleteImage(request);
            case "BatchGetImage" -> batchGetImage(request);
            case "PutImage" -> putImage(request);
            case "PutLifecyclePolicy" -> putLifecyclePolicy(request);
            case "GetLifecyclePolicy", "DeleteLifecyclePolicy" -> lifecyclePolicy(request, operation.startsWith("Delete"));
            default -> throw new AwsErrorException(400, "UnknownOperationException", null);
        };
    }

    /** One call: its input, who made it, and the account (registry) it acts on. */
    private final class Request {
        final String operation;
        final JsonNode input;
        final SigV4Verifier.Caller caller;
        final String account;

        Request(String operation, JsonNode input, SigV4Verifier.Caller caller) {
            this.operation = operation;
            this.input = input;
            this.caller = caller;
            String registryId = text("registryId");
            this.account = registryId == null ? caller.credentials().account() : registryId;
            if (faults.get().deniedActions().contains("ecr:" + operation)) {
                throw new AwsErrorException(400, "AccessDeniedException", "User: " + caller.credentials().arn()
                        + " is not authorized to perform: ecr:" + operation + " on resource: arn:aws:ecr:" + caller.region() + ":"
                        + account + ":repository/* because no identity-based policy allows the ecr:" + operation + " action");
            }
            if (!account.equals(caller.credentials().account())) {
                throw new AwsErrorException(400, "AccessDeniedException", "User: " + caller.credentials().arn()
                        + " is not authorized to perform: ecr:" + operation + " on resource: arn:aws:ecr:" + caller.region() + ":"
                        + account + ":repository/* because no resource-based policy allows the ecr:" + operation + " action");
            }
        }

        String text(String member) {
            JsonNode value = input.get(member);
            if (value == null || value.isNull()) {
                return null;
            }
            if (!value.isTextual()) {
                throw new AwsErrorException(400, "SerializationException", "Unexpected value type for '" + member + "': expected a string");
            }
            return value.asText();
        }

        String required(String member) {
            String value = text(member);
            if (value == null) {
                throw AwsErrorException.invalidParameter("1 validation error detected: Value null at '" + member
                        + "' failed to satisfy constraint: Member must not be null");
            }
            return value;
        }

        Integer maxResults() {
            JsonNode value = input.get("maxResults");
            if (value == null || value.isNull()) {
                return null;
            }
            if (!value.isInt()) {
                throw new AwsErrorException(400, "SerializationException", "Unexpected value type for 'maxResults': expected an integer");
            }
            return value.asInt();
        }

        EcrRepository repository() {
            String name = required("repositoryName");
            validateRepositoryName(name);
            return repositories.find(account, name).orElseThrow(() -> new AwsErrorException(400, "RepositoryNotFoundException",
                    "The repository with name '" + name + "' does not exist in the registry with id '" + account + "'"));
        }

        AccountRegistry registry() {
            AccountRegistry registry = registries.get(account);
            if (registry == null) {
                throw new AwsErrorException(500, "ServerException", "no local registry for account " + account);
            }
            return registry;
        }
    }

    private static void validateRepositoryName(String name) {
        if (name.length() < 2 || name.length() > 256 || !REPOSITORY_NAME.matcher(name).matches()) {
            throw AwsErrorException.invalidParameter("Invalid parameter at 'repositoryName' failed to satisfy constraint: "
                    + "'must satisfy regular expression '" + REPOSITORY_NAME.pattern() + "' and have length between 2 and 256'");
        }
    }

    private ObjectNode getAuthorizationToken(Request r) {
        ObjectNode out = JSON.createObjectNode();
        ArrayNode data = out.putArray("authorizationData");
        Duration lifetime = tokenLifetime.get();
        String password = passwords.issue(r.account, lifetime);
        data.addObject()
                .put("authorizationToken", Base64.getEncoder().encodeToString(("AWS:" + password).getBytes(StandardCharsets.UTF_8)))
                .put("expiresAt", epochSeconds(passwords.grantFor(password).expiresAt()))
                .put("proxyEndpoint", r.registry().endpoint().toString());
        return out;
    }

    private ObjectNode createRepository(Request r) {
        String name = r.required("repositoryName");
        validateRepositoryName(name);
        String mutability = r.text("imageTagMutability") == null ? "MUTABLE" : r.text("imageTagMutability");
        if (!Set.of("MUTABLE", "IMMUTABLE", "MUTABLE_WITH_EXCLUSION", "IMMUTABLE_WITH_EXCLUSION").contains(mutability)) {
            throw AwsErrorException.invalidParameter("Invalid parameter at 'imageTagMutability' failed to satisfy constraint: "
                    + "'Member must satisfy enum value set: [MUTABLE, IMMUTABLE]'");
        }
        List<String> exclusions = new ArrayList<>();
        for (JsonNode filter : r.input.path("imageTagMutabilityExclusionFilters")) {
            String pattern = filter.path("filter").asText("");
            if (!"WILDCARD".equals(filter.path("filterType").asText()) || !EXCLUSION_FILTER.matcher(pattern).matches()) {
                throw AwsErrorException.invalidParameter("Invalid parameter at 'imageTagMutabilityExclusionFilters': each filter needs "
                        + "filterType WILDCARD and a filter matching ^[0-9a-zA-Z._*-]{1,128}$");
            }
            exclusions.add(pattern);
        }
        if (exclusions.isEmpty() == mutability.endsWith("_WITH_EXCLUSION")) {
            throw AwsErrorException.invalidParameter("Invalid parameter: imageTagMutabilityExclusionFilters go with, and only with, "
                    + "the imageTagMutability settings IMMUTABLE_WITH_EXCLUSION and MUTABLE_WITH_EXCLUSION");
        }
        boolean scanOnPush = r.input.path("imageScanningConfiguration").path("scanOnPush").asBoolean(false);
        EcrRepository repository = new EcrRepository(r.account, r.caller.region(), name, clock.instant(), mutability, exclusions, scanOnPush,
                null);
        if (!repositories.add(repository)) {
            throw new AwsErrorException(400, "RepositoryAlreadyExistsException", "The repository with name '" + name
                    + "' already exists in the registry with id '" + r.account + "'");
        }
        ObjectNode out = JSON.createObjectNode();
        out.set("repository", repositoryJson(repository, r.registry()));
        return out;
    }

    private ObjectNode describeRepositories(Request r) {
        List<EcrRepository> selected = new ArrayList<>();
        JsonNode names = r.input.get("repositoryNames");
        if (names != null && !names.isNull()) {
            if (r.input.has("nextToken") || r.input.has("maxResults")) {
                throw AwsErrorException.invalidParameter("Invalid parameter: nextToken and maxResults cannot be used with repositoryNames");
            }
            for (JsonNode name : names) {
                selected.add(repositories.find(r.account, name.asText()).orElseThrow(() -> new AwsErrorException(400,
                        "RepositoryNotFoundException", "The repository with name '" + name.asText() + "' does not exist in the registry with id '"
                                + r.account + "'")));
            }
        } else {
            selected.addAll(repositories.of(r.account));
        }
        PageToken.Page<EcrRepository> page = PageToken.page(selected, EcrRepository::name, "DescribeRepositories/" + r.account,
                r.text("nextToken"), r.maxResults());
        ObjectNode out = JSON.createObjectNode();
        ArrayNode list = out.putArray("repositories");
        page.items().forEach(x -> list.add(repositoryJson(x, r.registry())));
        if (page.nextToken() != null) {
            out.put("nextToken", page.nextToken());
        }
        return out;
    }

    private ObjectNode deleteRepository(Request r) throws IOException {
        EcrRepository repository = r.repository();
        RegistryStorage storage = r.registry().storage();
        boolean force = r.input.path("force").asBoolean(false);
        if (!force && !storage.images(repository.name()).isEmpty()) {
            throw new AwsErrorException(400, "RepositoryNotEmptyException", "The repository with name '" + repository.name()
                    + "' in registry with id '" + r.account + "' cannot be deleted because it still contains images");
        }
        storage.deleteRepository(repository.name());
        repositories.remove(repository);
        ObjectNode out = JSON.createObjectNode();
        out.set("repository", repositoryJson(repository, r.registry()));
        return out;
    }

    private static String tagStatus(Request r) {
        String status = r.input.path("filter").path("tagStatus").asText("ANY");
        if (!Set.of("TAGGED", "UNTAGGED", "ANY").contains(status)) {
            throw AwsErrorException.invalidParameter("Invalid parameter at 'filter.tagStatus' failed to satisfy constraint: "
                    + "'Member must satisfy enum value set: [TAGGED, UNTAGGED, ANY]'");
        }
        return status;
    }

    private static boolean matches(String tagStatus, RegistryStorage.StoredImage image) {
        return tagStatus.equals("ANY") || (tagStatus.equals("TAGGED") == !image.tags().isEmpty());
    }

    private ObjectNode describeImages(Request r) {
        EcrRepository repository = r.repository();
        String tagStatus = tagStatus(r);
        List<RegistryStorage.StoredImage> all = r.registry().storage().images(repository.name());
        List<RegistryStorage.StoredImage> selected = new ArrayList<>();
        JsonNode ids = r.input.get("imageIds");
        if (ids != null && !ids.isNull()) {
            if (r.input.has("nextToken") || r.input.has("maxResults")) {
                throw AwsErrorException.invalidParameter("Invalid parameter: nextToken and maxResults cannot be used with imageIds");
            }
            for (JsonNode id : ids) {
                RegistryStorage.StoredImage found = find(all, id);
                if (found == null) {
                    throw new AwsErrorException(400, "ImageNotFoundException", "The image with imageId " + describeId(id)
                            + " does not exist within the repository with name '" + repository.name() + "' in the registry with id '"
                            + r.account + "'");
                }
                if (!selected.contains(found)) {
                    selected.add(found);
                }
            }
        } else {
            all.stream().filter(i -> matches(tagStatus, i)).forEach(selected::add);
        }
        PageToken.Page<RegistryStorage.StoredImage> page = PageToken.page(selected, RegistryStorage.StoredImage::digest,
                "DescribeImages/" + r.account + "/" + repository.name() + "/" + tagStatus, r.text("nextToken"), r.maxResults());
        ObjectNode out = JSON.createObjectNode();
        ArrayNode details = out.putArray("imageDetails");
        for (RegistryStorage.StoredImage image : page.items()) {
            ManifestTypes.Parsed parsed = ManifestTypes.parse(image.manifest());
            ObjectNode detail = details.addObject().put("registryId", r.account).put("repositoryName", repository.name())
                    .put("imageDigest", image.digest());
            if (!image.tags().isEmpty()) {
                image.tags().forEach(detail.putArray("imageTags")::add);
            }
            detail.put("imageSizeInBytes", parsed.sizeInBytes()).put("imagePushedAt", epochSeconds(image.pushedAt()))
                    .put("imageManifestMediaType", parsed.mediaType());
            if (parsed.artifactMediaType() != null) {
                detail.put("artifactMediaType", parsed.artifactMediaType());
            }
        }
        if (page.nextToken() != null) {
            out.put("nextToken", page.nextToken());
        }
        return out;
    }

    private ObjectNode listImages(Request r) {
        EcrRepository repository = r.repository();
        String tagStatus = tagStatus(r);
        List<String[]> ids = new ArrayList<>();
        for (RegistryStorage.StoredImage image : r.registry().storage().images(repository.name())) {
            if (!matches(tagStatus, image)) {
                continue;
            }
            if (image.tags().isEmpty()) {
                ids.add(new String[] {image.digest(), null});
            }
            image.tags().forEach(tag -> ids.add(new String[] {image.digest(), tag}));
        }
        PageToken.Page<String[]> page = PageToken.page(ids, id -> id[0] + "/" + (id[1] == null ? "" : id[1]),
                "ListImages/" + r.account + "/" + repository.name() + "/" + tagStatus, r.text("nextToken"), r.maxResults());
        ObjectNode out = JSON.createObjectNode();
        ArrayNode list = out.putArray("imageIds");
        for (String[] id : page.items()) {
            ObjectNode node = list.addObject().put("imageDigest", id[0]);
            if (id[1] != null) {
                node.put("imageTag", id[1]);
            }
        }
        if (page.nextToken() != null) {
            out.put("nextToken", page.nextToken());
        }
        return out;
    }

    private ObjectNode batchDeleteImage(Request r) throws IOException, InterruptedException {
        EcrRepository repository = r.repository();
        JsonNode ids = imageIds(r);
        RegistryStorage storage = r.registry().storage();
        // Storage is read and parsed once per call; both views are kept current as the batch deletes.
        List<RegistryStorage.StoredImage> images = new ArrayList<>(storage.images(repository.name()));
        Map<String, Set<String>> parentIndexes = parentIndexes(images);
        ObjectNode out = JSON.createObjectNode();
        ArrayNode deleted = out.putArray("imageIds");
        ArrayNode failures = out.putArray("failures");
        for (JsonNode id : ids) {
            String failure = idFailure(id, images);
            if (failure != null) {
                failures.add(failure(id, failure.substring(0, failure.indexOf(':')), failure.substring(failure.indexOf(':') + 1)));
                continue;
            }
            RegistryStorage.StoredImage image = find(images, id);
            String tag = id.path("imageTag").asText(null);
            boolean onlyUntag = id.path("imageDigest").isMissingNode() && image.tags().size() > 1;
            if (onlyUntag) {
                storage.untag(repository.name(), tag);
                images.set(images.indexOf(image), new RegistryStorage.StoredImage(image.digest(),
                        image.tags().stream().filter(t -> !t.equals(tag)).toList(), image.pushedAt(), image.manifest()));
                deleted.addObject().put("imageDigest", image.digest()).put("imageTag", tag);
                continue;
            }
            String injected = faults.get().deleteFailures().get(image.digest());
            if (injected != null) {
                failures.add(failure(id, injected, "Injected by local-aws: BatchDeleteImage fails for this image (faults.deleteFailures)"));
                continue;
            }
            Set<String> parents = parentIndexes.getOrDefault(image.digest(), Set.of());
            if (!parents.isEmpty()) {
                failures.add(failure(id, "ImageReferencedByManifestList", "Requested image referenced by manifest list: "
                        + parents.stream().sorted().toList()));
                continue;
            }
            int status = admin.deleteManifest(r.registry(), repository.name(), image.digest());
            if (status != 202 && status != 200) {
                throw new AwsErrorException(500, "ServerException", "the registry answered " + status + " to the manifest delete");
            }
            images.remove(image);
            // A deleted index no longer holds its children: they may be deleted later in the same batch.
            parentIndexes.values().forEach(p -> p.remove(image.digest()));
            if (image.tags().isEmpty()) {
                deleted.addObject().put("imageDigest", image.digest());
            }
            image.tags().forEach(t -> deleted.addObject().put("imageDigest", image.digest()).put("imageTag", t));
        }
        return out;
    }

    /** Child manifest digest to every index that references it. */
    private static Map<String, Set<String>> parentIndexes(List<RegistryStorage.StoredImage> images) {
        Map<String, Set<String>> parents = new java.util.HashMap<>();
        for (RegistryStorage.StoredImage image : images) {
            ManifestTypes.Parsed parsed = ManifestTypes.parse(image.manifest());
            if (parsed.isIndex()) {
                parsed.children().forEach(child -> parents.computeIfAbsent(child, c -> new HashSet<>()).add(image.digest()));
            }
        }
        return parents;
    }

    /** Null when the id is well formed and names an image; else "code:reason". */
    private static String idFailure(JsonNode id, List<RegistryStorage.StoredImage> images) {
        String digest = id.path("imageDigest").asText(null);
        String tag = id.path("imageTag").asText(null);
        if (digest == null && tag == null) {
            return "MissingDigestAndTag:Invalid request parameters: both tag and digest cannot be null";
        }
        if (digest != null && !DIGEST.matcher(digest).matches()) {
            return "InvalidImageDigest:Invalid request parameters: image digest should satisfy the regex '[a-zA-Z0-9-_+.]+:[a-fA-F0-9]+'";
        }
        if (tag != null && !TAG.matcher(tag).matches()) {
            return "InvalidImageTag:Invalid request parameters: image tag should satisfy the regex '[a-zA-Z0-9-_.]+'";
        }
        RegistryStorage.StoredImage found = find(images, id);
        if (found == null) {
            if (digest != null && tag != null && images.stream().anyMatch(i -> i.digest().equals(digest))) {
                return "ImageTagDoesNotMatchDigest:Invalid request parameters: given tag does not map to the given digest";
            }
            return "ImageNotFound:Requested image not found";
        }
        return null;
    }

    private ObjectNode batchGetImage(Request r) {
        EcrRepository repository = r.repository();
        JsonNode ids = imageIds(r);
        Set<String> accepted = new HashSet<>();
        JsonNode acceptedTypes = r.input.get("acceptedMediaTypes");
        if (acceptedTypes == null || acceptedTypes.isNull()) {
            accepted.add(ManifestTypes.DOCKER_MANIFEST);
        } else {
            acceptedTypes.forEach(t -> accepted.add(t.asText()));
        }
        List<RegistryStorage.StoredImage> images = r.registry().storage().images(repository.name());
        ObjectNode out = JSON.createObjectNode();
        ArrayNode found = out.putArray("images");
        ArrayNode failures = out.putArray("failures");
        for (JsonNode id : ids) {
            String failure = idFailure(id, images);
            if (failure != null) {
                failures.add(failure(id, failure.substring(0, failure.indexOf(':')), failure.substring(failure.indexOf(':') + 1)));
                continue;
            }
            RegistryStorage.StoredImage image = find(images, id);
            ManifestTypes.Parsed parsed = ManifestTypes.parse(image.manifest());
            if (!accepted.contains(parsed.mediaType())) {
                failures.add(failure(id, "UnsupportedImageType", "The image manifest media type " + parsed.mediaType()
                        + " is not in acceptedMediaTypes"));
                continue;
            }
            ObjectNode imageId = JSON.createObjectNode().put("imageDigest", image.digest());
            String tag = id.path("imageTag").asText(null);
            if (tag != null) {
                imageId.put("imageTag", tag);
            }
            ObjectNode node = found.addObject().put("registryId", r.account).put("repositoryName", repository.name());
            node.set("imageId", imageId);
            node.put("imageManifest", new String(image.manifest(), StandardCharsets.UTF_8)).put("imageManifestMediaType", parsed.mediaType());
        }
        return out;
    }

    private ObjectNode putImage(Request r) throws IOException, InterruptedException {
        EcrRepository repository = r.repository();
        byte[] manifest = r.required("imageManifest").getBytes(StandardCharsets.UTF_8);
        ManifestTypes.Parsed parsed = ManifestTypes.parse(manifest);
        String mediaType = r.text("imageManifestMediaType") != null ? r.text("imageManifestMediaType") : parsed.mediaType();
        String tag = r.text("imageTag");
        if (tag != null && !TAG.matcher(tag).matches()) {
            throw AwsErrorException.invalidParameter("Invalid parameter at 'imageTag' failed to satisfy constraint: "
                    + "'must satisfy regular expression '[a-zA-Z0-9-_.]+' and have length between 1 and 300'");
        }
        String digest = "sha256:" + SigV4Verifier.hex(SigV4Verifier.sha256(manifest));
        String givenDigest = r.text("imageDigest");
        if (givenDigest != null && !givenDigest.equals(digest)) {
            throw new AwsErrorException(400, "ImageDigestDoesNotMatchException", "Invalid parameter: image digest '" + givenDigest
                    + "' does not match the digest of the manifest '" + digest + "'");
        }
        RegistryStorage storage = r.registry().storage();
        boolean unchanged = tag != null ? storage.tag(repository.name(), tag).filter(digest::equals).isPresent()
                : storage.hasManifest(repository.name(), digest);
        if (unchanged) {
            throw new AwsErrorException(400, "ImageAlreadyExistsException", "Image with digest '" + digest + "' and tag '"
                    + (tag == null ? "null" : tag) + "' already exists in the repository with name '" + repository.name()
                    + "' in registry with id '" + r.account + "'");
        }
        HttpResponse<String> response;
        try {
            response = r.registry().tagImmutability().put(repository.name(), tag, digest,
                    () -> admin.putManifest(r.registry(), repository.name(), tag != null ? tag : digest, mediaType, manifest));
        } catch (TagImmutability.Refused refused) {
            throw new AwsErrorException(400, "ImageTagAlreadyExistsException", refused.getMessage());
        }
        if (response.statusCode() != 201) {
            if (response.body().contains("BLOB_UNKNOWN")) {
                throw new AwsErrorException(400, "LayersNotFoundException", "Layers with digests referenced by the manifest are not "
                        + "present in the repository '" + repository.name() + "'");
            }
            if (response.body().contains("MANIFEST_UNKNOWN")) {
                throw new AwsErrorException(400, "ReferencedImagesNotFoundException", "Some images referenced by the manifest list "
                        + "are not present in the repository '" + repository.name() + "'");
            }
            throw AwsErrorException.invalidParameter("Invalid parameter at 'imageManifest': the registry refused it: " + response.body());
        }
        ObjectNode out = JSON.createObjectNode();
        ObjectNode image = out.putObject("image").put("registryId", r.account).put("repositoryName", repository.name());
        ObjectNode imageId = image.putObject("imageId").put("imageDigest", digest);
        if (tag != null) {
            imageId.put("imageTag", tag);
        }
        image.put("imageManifest", new String(manifest, StandardCharsets.UTF_8)).put("imageManifestMediaType", mediaType);
        return out;
    }

    private ObjectNode putLifecyclePolicy(Request r) {
        EcrRepository repository = r.repository();
        String text = r.required("lifecyclePolicyText");
        LifecyclePolicyValidator.validate(text);
        repositories.replace(repository.withLifecyclePolicy(text));
        return JSON.createObjectNode().put("registryId", r.account).put("repositoryName", repository.name()).put("lifecyclePolicyText", text);
    }

    private ObjectNode lifecyclePolicy(Request r, boolean delete) {
        EcrRepository repository = r.repository();
        if (repository.lifecyclePolicyText() == null) {
            throw new AwsErrorException(400, "LifecyclePolicyNotFoundException", "Lifecycle policy does not exist for the repository with name '"
                    + repository.name() + "' in the registry with id '" + r.account + "'");
        }
        if (delete) {
            repositories.replace(repository.withLifecyclePolicy(null));
        }
        return JSON.createObjectNode().put("registryId", r.account).put("repositoryName", repository.name())
                .put("lifecyclePolicyText", repository.lifecyclePolicyText()).put("lastEvaluatedAt", 0);
    }

    private static JsonNode imageIds(Request r) {
        JsonNode ids = r.input.get("imageIds");
        if (ids == null || !ids.isArray() || ids.isEmpty() || ids.size() > 100) {
            throw AwsErrorException.invalidParameter("Invalid parameter at 'imageIds' failed to satisfy constraint: "
                    + "'Member must have length less than or equal to 100 and greater than or equal to 1'");
        }
        return ids;
    }

    private static RegistryStorage.StoredImage find(List<RegistryStorage.StoredImage> images, JsonNode id) {
        String digest = id.path("imageDigest").asText(null);
        String tag = id.path("imageTag").asText(null);
        for (RegistryStorage.StoredImage image : images) {
            if ((digest == null || image.digest().equals(digest)) && (tag == null || image.tags().contains(tag))) {
                return image;
            }
        }
        return null;
    }

    private static String describeId(JsonNode id) {
        return "'{imageDigest:'" + id.path("imageDigest").asText("null") + "', imageTag:'" + id.path("imageTag").asText("null") + "'}'";
    }

    private static ObjectNode failure(JsonNode id, String code, String reason) {
        ObjectNode failure = JSON.createObjectNode();
        failure.set("imageId", id.deepCopy());
        return failure.put("failureCode", code).put("failureReason", reason);
    }

    private static ObjectNode repositoryJson(EcrRepository repository, AccountRegistry registry) {
        ObjectNode node = JSON.createObjectNode().put("repositoryArn", repository.arn()).put("registryId", repository.account())
                .put("repositoryName", repository.name()).put("repositoryUri", registry.host() + "/" + repository.name())
                .put("createdAt", epochSeconds(repository.createdAt())).put("imageTagMutability", repository.imageTagMutability());
        if (!repository.exclusionFilters().isEmpty()) {
            var filters = node.putArray("imageTagMutabilityExclusionFilters");
            repository.exclusionFilters().forEach(f -> filters.addObject().put("filterType", "WILDCARD").put("filter", f));
        }
        node.putObject("imageScanningConfiguration").put("scanOnPush", repository.scanOnPush());
        node.putObject("encryptionConfiguration").put("encryptionType", "AES256");
        return node;
    }

    /** The JSON 1.1 protocol sends timestamps as epoch seconds, with fractions. */
    private static double epochSeconds(Instant instant) {
        return instant.getEpochSecond() + instant.getNano() / 1e9;
    }
}
