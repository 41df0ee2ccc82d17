package io.jenkins.plugins.ecrpipeline.localaws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.regex.Pattern;

/** Image ids in ECR's requests ({@code imageDigest} and/or {@code imageTag}): reading, checking and finding them, and per-id failures. */
final class EcrImageIds {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

    private EcrImageIds() {
    }

    static JsonNode imageIds(EcrRequest r) {
        JsonNode ids = r.input().get("imageIds");
        if (ids == null || !ids.isArray() || ids.isEmpty() || ids.size() > 100) {
            throw AwsErrorException.invalidParameter("Invalid parameter at 'imageIds' failed to satisfy constraint: "
                    + "'Member must have length less than or equal to 100 and greater than or equal to 1'");
        }
        return ids;
    }

    /** The per-id failure ECR answers for an id that is malformed or names no image; null when it names one. */
    static ObjectNode failureOf(JsonNode id, List<RegistryStorage.StoredImage> images) {
        String problem = problem(id, images);
        return problem == null ? null : failure(id, problem.substring(0, problem.indexOf(':')), problem.substring(problem.indexOf(':') + 1));
    }

    /** Null when the id is well formed and names an image; else "code:reason". */
    private static String problem(JsonNode id, List<RegistryStorage.StoredImage> images) {
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

    static RegistryStorage.StoredImage find(List<RegistryStorage.StoredImage> images, JsonNode id) {
        String digest = id.path("imageDigest").asText(null);
        String tag = id.path("imageTag").asText(null);
        for (RegistryStorage.StoredImage image : images) {
            if ((digest == null || image.digest().equals(digest)) && (tag == null || image.tags().contains(tag))) {
                return image;
            }
        }
        return null;
    }

    static String describeId(JsonNode id) {
        return "'{imageDigest:'" + id.path("imageDigest").asText("null") + "', imageTag:'" + id.path("imageTag").asText("null") + "'}'";
    }

    static ObjectNode failure(JsonNode id, String code, String reason) {
        ObjectNode failure = JSON.createObjectNode();
        failure.set("imageId", id.deepCopy());
        return failure.put("failureCode", code).put("failureReason", reason);
    }
}
