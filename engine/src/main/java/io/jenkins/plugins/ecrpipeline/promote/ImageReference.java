package io.jenkins.plugins.ecrpipeline.promote;

import io.jenkins.plugins.ecrpipeline.PipelineException;
import io.jenkins.plugins.ecrpipeline.registry.ImageName;
import java.io.Serializable;
import java.util.regex.Pattern;

/**
 * An image in a registry, by tag or by digest: {@code host[:port]/repository:tag} or {@code host/repository@sha256:...}.
 *
 * @param registry the registry host (with port)
 * @param repository the repository path within the registry
 * @param tag the tag, or null when the reference is by digest only
 * @param digest the manifest digest, or null when the reference is by tag only
 */
public record ImageReference(String registry, String repository, String tag, String digest) implements Serializable {
    private static final long serialVersionUID = 1L;
    static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

    public ImageReference {
        if (registry == null || registry.isBlank()) {
            throw new PipelineException("image '" + repository + "' names no registry: write it as host/repository:tag, "
                    + "e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:intermediate");
        }
        // ImageName validates the repository and the tag the way the build does.
        new ImageName(registry, repository, tag);
        if (digest != null && !DIGEST.matcher(digest).matches()) {
            throw new PipelineException("invalid digest '" + digest + "': a digest is sha256: followed by 64 lower-case hex digits");
        }
        if (tag == null && digest == null) {
            throw new PipelineException("image " + registry + "/" + repository + " has neither a tag nor a digest: add :tag or @sha256:...");
        }
    }

    /** Parses {@code host/repository:tag}, {@code host/repository@sha256:...} or both ({@code :tag@sha256:...}). */
    public static ImageReference parse(String text) {
        String digest = null;
        String rest = text.strip();
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = rest.substring(at + 1);
            rest = rest.substring(0, at);
        }
        ImageName name = ImageName.parse(rest);
        return new ImageReference(name.registry(), name.repository(), name.tag(), digest);
    }

    /** The same repository with another tag and no digest. */
    public ImageReference withTag(String newTag) {
        return new ImageReference(registry, repository, newTag, null);
    }

    /** The same repository pinned to a digest (the tag kept for display). */
    public ImageReference withDigest(String newDigest) {
        return new ImageReference(registry, repository, tag, newDigest);
    }

    /** Whether both name the same repository of the same registry. */
    public boolean sameRepository(ImageReference other) {
        return registry.equals(other.registry) && repository.equals(other.repository);
    }

    /** What the registry API calls a reference: the digest when there is one, else the tag. */
    String apiReference() {
        return digest != null ? digest : tag;
    }

    /** {@code host/repository}, with neither tag nor digest: what a deploy command's {@code IMAGE} holds with the digest. */
    public String repositoryName() {
        return registry + "/" + repository;
    }

    @Override
    public String toString() {
        return repositoryName() + (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
    }
}
