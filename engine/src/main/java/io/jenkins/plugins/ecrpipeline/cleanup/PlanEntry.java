package io.jenkins.plugins.ecrpipeline.cleanup;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;

/**
 * One image of a plan: deleted, or kept and why.
 *
 * @param repository the repository
 * @param digest the manifest digest
 * @param tags its tags when the plan was made
 * @param pushedAt when it was pushed
 * @param size its size in bytes as the registry reports it
 * @param mediaType the manifest media type
 * @param delete whether the plan deletes it
 * @param reason the rule that selected it, or why it is kept
 */
public record PlanEntry(String repository, String digest, List<String> tags, Instant pushedAt, long size, String mediaType, boolean delete,
        String reason) implements Serializable {
    private static final long serialVersionUID = 1L;

    public PlanEntry {
        tags = List.copyOf(tags);
    }
}
