package io.jenkins.plugins.ecrpipeline.localaws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** ECR's repository operations: CreateRepository, DescribeRepositories, DeleteRepository and the lifecycle policy calls. */
final class EcrRepositoryActions {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern EXCLUSION_FILTER = Pattern.compile("[0-9a-zA-Z._*-]{1,128}");

    private final EcrRepositories repositories;
    private final Clock clock;

    EcrRepositoryActions(EcrRepositories repositories, Clock clock) {
        this.repositories = repositories;
        this.clock = clock;
    }

    ObjectNode createRepository(EcrRequest r) {
        String name = r.required("repositoryName");
        EcrRequest.validateRepositoryName(name);
        String mutability = r.text("imageTagMutability") == null ? "MUTABLE" : r.text("imageTagMutability");
        if (!Set.of("MUTABLE", "IMMUTABLE", "MUTABLE_WITH_EXCLUSION", "IMMUTABLE_WITH_EXCLUSION").contains(mutability)) {
            throw AwsErrorException.invalidParameter("Invalid parameter at 'imageTagMutability' failed to satisfy constraint: "
                    + "'Member must satisfy enum value set: [MUTABLE, IMMUTABLE]'");
        }
        List<String> exclusions = new ArrayList<>();
        for (JsonNode filter : r.input().path("imageTagMutabilityExclusionFilters")) {
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
        boolean scanOnPush = r.input().path("imageScanningConfiguration").path("scanOnPush").asBoolean(false);
        EcrRepository repository = new EcrRepository(r.account(), r.caller().region(), name, clock.instant(), mutability, exclusions, scanOnPush,
                null);
        if (!repositories.add(repository)) {
            throw new AwsErrorException(400, "RepositoryAlreadyExistsException", "The repository with name '" + name
                    + "' already exists in the registry with id '" + r.account() + "'");
        }
        ObjectNode out = JSON.createObjectNode();
        out.set("repository", repositoryJson(repository, r.registry()));
        return out;
    }

    ObjectNode describeRepositories(EcrRequest r) {
        List<EcrRepository> selected = new ArrayList<>();
        JsonNode names = r.input().get("repositoryNames");
        if (names != null && !names.isNull()) {
            if (r.input().has("nextToken") || r.input().has("maxResults")) {
                throw AwsErrorException.invalidParameter("Invalid parameter: nextToken and maxResults cannot be used with repositoryNames");
            }
            for (JsonNode name : names) {
                selected.add(repositories.find(r.account(), name.asText()).orElseThrow(() -> new AwsErrorException(400,
                        "RepositoryNotFoundException", "The repository with name '" + name.asText() + "' does not exist in the registry with id '"
                                + r.account() + "'")));
            }
        } else {
            selected.addAll(repositories.of(r.account()));
        }
        PageToken.Page<EcrRepository> page = PageToken.page(selected, EcrRepository::name, "DescribeRepositories/" + r.account(),
                r.text("nextToken"), r.maxResults());
        ObjectNode out = JSON.createObjectNode();
        ArrayNode list = out.putArray("repositories");
        page.items().forEach(x -> list.add(repositoryJson(x, r.registry())));
        if (page.nextToken() != null) {
            out.put("nextToken", page.nextToken());
        }
        return out;
    }

    ObjectNode deleteRepository(EcrRequest r) throws IOException {
        EcrRepository repository = r.repository();
        RegistryStorage storage = r.registry().storage();
        boolean force = r.input().path("force").asBoolean(false);
        if (!force && !storage.images(repository.name()).isEmpty()) {
            throw new AwsErrorException(400, "RepositoryNotEmptyException", "The repository with name '" + repository.name()
                    + "' in registry with id '" + r.account() + "' cannot be deleted because it still contains images");
        }
        storage.deleteRepository(repository.name());
        repositories.remove(repository);
        ObjectNode out = JSON.createObjectNode();
        out.set("repository", repositoryJson(repository, r.registry()));
        return out;
    }

    ObjectNode putLifecyclePolicy(EcrRequest r) {
        EcrRepository repository = r.repository();
        String text = r.required("lifecyclePolicyText");
        LifecyclePolicyValidator.validate(text);
        repositories.replace(repository.withLifecyclePolicy(text));
        return JSON.createObjectNode().put("registryId", r.account()).put("repositoryName", repository.name()).put("lifecyclePolicyText", text);
    }

    ObjectNode lifecyclePolicy(EcrRequest r, boolean delete) {
        EcrRepository repository = r.repository();
        if (repository.lifecyclePolicyText() == null) {
            throw new AwsErrorException(400, "LifecyclePolicyNotFoundException", "Lifecycle policy does not exist for the repository with name '"
                    + repository.name() + "' in the registry with id '" + r.account() + "'");
        }
        if (delete) {
            repositories.replace(repository.withLifecyclePolicy(null));
        }
        return JSON.createObjectNode().put("registryId", r.account()).put("repositoryName", repository.name())
                .put("lifecyclePolicyText", repository.lifecyclePolicyText()).put("lastEvaluatedAt", 0);
    }

    private static ObjectNode repositoryJson(EcrRepository repository, AccountRegistry registry) {
        ObjectNode node = JSON.createObjectNode().put("repositoryArn", repository.arn()).put("registryId", repository.account())
                .put("repositoryName", repository.name()).put("repositoryUri", registry.host() + "/" + repository.name())
                .put("createdAt", EcrEndpoint.epochSeconds(repository.createdAt())).put("imageTagMutability", repository.imageTagMutability());
        if (!repository.exclusionFilters().isEmpty()) {
            var filters = node.putArray("imageTagMutabilityExclusionFilters");
            repository.exclusionFilters().forEach(f -> filters.addObject().put("filterType", "WILDCARD").put("filter", f));
        }
        node.putObject("imageScanningConfiguration").put("scanOnPush", repository.scanOnPush());
        node.putObject("encryptionConfiguration").put("encryptionType", "AES256");
        return node;
    }
}
