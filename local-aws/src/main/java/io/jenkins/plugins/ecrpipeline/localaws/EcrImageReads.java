package io.jenkins.plugins.ecrpipeline.localaws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** ECR's image reads: DescribeImages, ListImages and BatchGetImage, answered from what the account's registry stores. */
final class EcrImageReads {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EcrImageReads() {
    }

    static ObjectNode describeImages(EcrRequest r) {
        EcrRepository repository = r.repository();
        String tagStatus = tagStatus(r);
        List<RegistryStorage.StoredImage> all = r.registry().storage().images(repository.name());
        List<RegistryStorage.StoredImage> selected = new ArrayList<>();
        JsonNode ids = r.input().get("imageIds");
        if (ids != null && !ids.isNull()) {
            if (r.input().has("nextToken") || r.input().has("maxResults")) {
                throw AwsErrorException.invalidParameter("Invalid parameter: nextToken and maxResults cannot be used with imageIds");
            }
            for (JsonNode id : ids) {
                RegistryStorage.StoredImage found = EcrImageIds.find(all, id);
                if (found == null) {
                    throw new AwsErrorException(400, "ImageNotFoundException", "The image with imageId " + EcrImageIds.describeId(id)
                            + " does not exist within the repository with name '" + repository.name() + "' in the registry with id '"
                            + r.account() + "'");
                }
                if (!selected.contains(found)) {
                    selected.add(found);
                }
            }
        } else {
            all.stream().filter(i -> matches(tagStatus, i)).forEach(selected::add);
        }
        PageToken.Page<RegistryStorage.StoredImage> page = PageToken.page(selected, RegistryStorage.StoredImage::digest,
                "DescribeImages/" + r.account() + "/" + repository.name() + "/" + tagStatus, r.text("nextToken"), r.maxResults());
        ObjectNode out = JSON.createObjectNode();
        ArrayNode details = out.putArray("imageDetails");
        for (RegistryStorage.StoredImage image : page.items()) {
            ManifestTypes.Parsed parsed = ManifestTypes.parse(image.manifest());
            ObjectNode detail = details.addObject().put("registryId", r.account()).put("repositoryName", repository.name())
                    .put("imageDigest", image.digest());
            if (!image.tags().isEmpty()) {
                image.tags().forEach(detail.putArray("imageTags")::add);
            }
            detail.put("imageSizeInBytes", parsed.sizeInBytes()).put("imagePushedAt", EcrEndpoint.epochSeconds(image.pushedAt()))
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

    static ObjectNode listImages(EcrRequest r) {
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
                "ListImages/" + r.account() + "/" + repository.name() + "/" + tagStatus, r.text("nextToken"), r.maxResults());
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

    static ObjectNode batchGetImage(EcrRequest r) {
        EcrRepository repository = r.repository();
        JsonNode ids = EcrImageIds.imageIds(r);
        Set<String> accepted = new HashSet<>();
        JsonNode acceptedTypes = r.input().get("acceptedMediaTypes");
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
            ObjectNode failure = EcrImageIds.failureOf(id, images);
            if (failure != null) {
                failures.add(failure);
                continue;
            }
            RegistryStorage.StoredImage image = EcrImageIds.find(images, id);
            ManifestTypes.Parsed parsed = ManifestTypes.parse(image.manifest());
            if (!accepted.contains(parsed.mediaType())) {
                failures.add(EcrImageIds.failure(id, "UnsupportedImageType", "The image manifest media type " + parsed.mediaType()
                        + " is not in acceptedMediaTypes"));
                continue;
            }
            ObjectNode imageId = JSON.createObjectNode().put("imageDigest", image.digest());
            String tag = id.path("imageTag").asText(null);
            if (tag != null) {
                imageId.put("imageTag", tag);
            }
            ObjectNode node = found.addObject().put("registryId", r.account()).put("repositoryName", repository.name());
            node.set("imageId", imageId);
            node.put("imageManifest", new String(image.manifest(), StandardCharsets.UTF_8)).put("imageManifestMediaType", parsed.mediaType());
        }
        return out;
    }

    private static String tagStatus(EcrRequest r) {
        String status = r.input().path("filter").path("tagStatus").asText("ANY");
        if (!Set.of("TAGGED", "UNTAGGED", "ANY").contains(status)) {
            throw AwsErrorException.invalidParameter("Invalid parameter at 'filter.tagStatus' failed to satisfy constraint: "
                    + "'Member must satisfy enum value set: [TAGGED, UNTAGGED, ANY]'");
        }
        return status;
    }

    private static boolean matches(String tagStatus, RegistryStorage.StoredImage image) {
        return tagStatus.equals("ANY") || (tagStatus.equals("TAGGED") == !image.tags().isEmpty());
    }
}
