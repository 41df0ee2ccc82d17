package io.jenkins.plugins.ecrpipeline.cleanup;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;

/**
 * One manifest of a repository as a listing saw it.
 *
 * @param digest the manifest digest
 * @param tags its tags, sorted
 * @param pushedAt when it was pushed
 * @param size its size in bytes as the registry reports it (layers shared with other images count in each)
 * @param mediaType the manifest media type
 * @param children for an index (manifest list), the digests of the manifests it references; empty otherwise
 */
record ImageRecord(String digest, List<String> tags, Instant pushedAt, long size, String mediaType, List<String> children)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    public ImageRecord {
        tags = tags.stream().sorted().toList();
        children = List.copyOf(children);
    }

    public boolean isIndex() {
        return mediaType != null && (mediaType.endsWith("manifest.list.v2+json") || mediaType.endsWith("image.index.v1+json"));
    }
}
