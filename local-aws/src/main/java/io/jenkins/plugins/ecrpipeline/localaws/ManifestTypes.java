package io.jenkins.plugins.ecrpipeline.localaws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The four manifest media types, and what a manifest's JSON says about itself. */
final class ManifestTypes {
    static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    static final List<String> ALL = List.of(DOCKER_MANIFEST, DOCKER_LIST, OCI_MANIFEST, OCI_INDEX);
    private static final ObjectMapper JSON = new ObjectMapper();

    private ManifestTypes() {
    }

    /** A parsed manifest: its media type, config media type, total size and the manifests it references. */
    record Parsed(String mediaType, String artifactMediaType, long sizeInBytes, List<String> children) {
        boolean isIndex() {
            return mediaType.equals(DOCKER_LIST) || mediaType.equals(OCI_INDEX);
        }
    }

    static Parsed parse(byte[] manifest) {
        JsonNode json;
        try {
            json = JSON.readTree(manifest);
        } catch (IOException e) {
            throw AwsErrorException.invalidParameter("Invalid parameter at 'imageManifest' failed to satisfy constraint: 'Invalid JSON syntax'");
        }
        if (json == null || !json.isObject()) {
            throw AwsErrorException.invalidParameter("Invalid parameter at 'imageManifest' failed to satisfy constraint: 'Invalid JSON syntax'");
        }
        boolean index = json.has("manifests");
        String mediaType = json.path("mediaType").asText(index ? OCI_INDEX : OCI_MANIFEST);
        List<String> children = new ArrayList<>();
        long size = 0;
        if (index) {
            for (JsonNode child : json.path("manifests")) {
                children.add(child.path("digest").asText());
                size += child.path("size").asLong();
            }
        } else {
            size += json.path("config").path("size").asLong();
            for (JsonNode layer : json.path("layers")) {
                size += layer.path("size").asLong();
            }
        }
        String artifact = index ? null : json.path("config").path("mediaType").asText(null);
        return new Parsed(mediaType, artifact, size, children);
    }
}
