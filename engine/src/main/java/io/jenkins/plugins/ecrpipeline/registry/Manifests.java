package io.jenkins.plugins.ecrpipeline.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.ecrpipeline.PipelineException;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The four manifest media types promotion and cleanup accept, and what a manifest references (child manifests, blobs).
 */
public final class Manifests {
    public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    public static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    /** Every type, so that neither ECR nor a registry converts the manifest (which would change its digest). */
    public static final List<String> ALL = List.of(DOCKER_MANIFEST, DOCKER_LIST, OCI_MANIFEST, OCI_INDEX);
    private static final ObjectMapper JSON = new ObjectMapper();

    private Manifests() {
    }

    /** A reference from a manifest to a blob or another manifest. */
    public record Descriptor(String mediaType, String digest, long size) {
    }

    /**
     * A manifest's references.
     *
     * @param mediaType its media type
     * @param manifests the platform manifests of an index (empty for an image manifest)
     * @param blobs the config and layers of an image manifest (empty for an index); foreign layers are left out, as
     *     registries do not store them
     */
    public record Parsed(String mediaType, List<Descriptor> manifests, List<Descriptor> blobs) {
        public boolean isIndex() {
            return mediaType.equals(DOCKER_LIST) || mediaType.equals(OCI_INDEX);
        }
    }

    /** Reads a manifest; {@code declaredType} (the registry's Content-Type, or ECR's media type) wins when present. */
    public static Parsed parse(byte[] manifest, String declaredType) {
        JsonNode json;
        try {
            json = JSON.readTree(manifest);
        } catch (IOException e) {
            throw new PipelineException("the registry returned a manifest that is not JSON: " + e.getMessage());
        }
        boolean index = json.has("manifests");
        String mediaType = declaredType != null && ALL.contains(declaredType) ? declaredType
                : json.path("mediaType").asText(index ? OCI_INDEX : OCI_MANIFEST);
        if (!ALL.contains(mediaType)) {
            throw new PipelineException("unsupported manifest media type " + mediaType + ": only Docker v2 and OCI manifests and "
                    + "indexes are read (a schema 1 image is too old for this; push it again with a current docker)");
        }
        List<Descriptor> manifests = new ArrayList<>();
        List<Descriptor> blobs = new ArrayList<>();
        if (index) {
            json.path("manifests").forEach(m -> manifests.add(descriptor(m)));
        } else {
            blobs.add(descriptor(json.path("config")));
            for (JsonNode layer : json.path("layers")) {
                if (!layer.path("mediaType").asText("").contains("foreign")) {
                    blobs.add(descriptor(layer));
                }
            }
        }
        return new Parsed(mediaType, manifests, blobs);
    }

    private static Descriptor descriptor(JsonNode node) {
        return new Descriptor(node.path("mediaType").asText(null), node.path("digest").asText(), node.path("size").asLong());
    }

    public static String digest(byte[] content) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
