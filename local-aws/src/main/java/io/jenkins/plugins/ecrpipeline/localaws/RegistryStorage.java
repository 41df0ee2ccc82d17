package io.jenkins.plugins.ecrpipeline.localaws;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads (and, for tags, edits) a registry's filesystem storage: the registry HTTP API cannot list untagged
 * manifests, nor remove one tag of several (distribution 2.8), and ECR's DescribeImages and BatchDeleteImage
 * need both. Layout: {@code docker/registry/v2/repositories/<name>/_manifests/{revisions/sha256/<hex>,tags/<tag>}}.
 */
final class RegistryStorage {
    private final Path root;

    RegistryStorage(Path dataRoot) {
        this.root = dataRoot.resolve("docker/registry/v2");
    }

    /** A stored manifest: its digest, the tags on it, when it was pushed, and its bytes. */
    record StoredImage(String digest, List<String> tags, Instant pushedAt, byte[] manifest) {
    }

    private Path manifests(String repository) {
        return root.resolve("repositories").resolve(repository).resolve("_manifests");
    }

    /** Every manifest of the repository, by digest, with its tags. */
    List<StoredImage> images(String repository) {
        Path revisions = manifests(repository).resolve("revisions/sha256");
        Map<String, List<String>> tagsByDigest = tagsByDigest(repository);
        List<StoredImage> images = new ArrayList<>();
        try (Stream<Path> entries = Files.list(revisions)) {
            for (Path revision : entries.sorted().toList()) {
                Path link = revision.resolve("link");
                if (!Files.exists(link)) {
                    continue;
                }
                String digest = "sha256:" + revision.getFileName();
                byte[] manifest = blob(digest);
                if (manifest == null) {
                    continue;
                }
                List<String> tags = tagsByDigest.getOrDefault(digest, List.of()).stream().sorted().toList();
                images.add(new StoredImage(digest, tags, Files.getLastModifiedTime(link).toInstant(), manifest));
            }
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        images.sort(Comparator.comparing(StoredImage::digest));
        return images;
    }

    /** Whether the repository holds a manifest with this digest. */
    boolean hasManifest(String repository, String digest) {
        String hex = digest.substring(digest.indexOf(':') + 1);
        return Files.exists(manifests(repository).resolve("revisions/sha256").resolve(hex).resolve("link"));
    }

    /** The digest the tag names now, or empty when the repository has no such tag. */
    Optional<String> tag(String repository, String tag) {
        try {
            return Optional.of(Files.readString(manifests(repository).resolve("tags").resolve(tag).resolve("current/link"),
                    StandardCharsets.US_ASCII).strip());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Tag to digest. */
    Map<String, String> tags(String repository) {
        Map<String, String> tags = new HashMap<>();
        try (Stream<Path> entries = Files.list(manifests(repository).resolve("tags"))) {
            for (Path tag : entries.toList()) {
                Path current = tag.resolve("current/link");
                if (Files.exists(current)) {
                    tags.put(tag.getFileName().toString(), Files.readString(current, StandardCharsets.US_ASCII).strip());
                }
            }
        } catch (NoSuchFileException e) {
            return Map.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return tags;
    }

    private Map<String, List<String>> tagsByDigest(String repository) {
        Map<String, List<String>> byDigest = new HashMap<>();
        tags(repository).forEach((tag, digest) -> byDigest.computeIfAbsent(digest, d -> new ArrayList<>()).add(tag));
        return byDigest;
    }

    /** Whether the repository holds the blob as one of its layers or configs (pushed or mounted there). */
    boolean linksLayer(String repository, String digest) {
        String hex = digest.substring(digest.indexOf(':') + 1);
        return Files.exists(root.resolve("repositories").resolve(repository).resolve("_layers/sha256").resolve(hex).resolve("link"));
    }

    /** Where the registry keeps the blob's content (it may not exist). */
    Path blobFile(String digest) {
        String hex = digest.substring(digest.indexOf(':') + 1);
        return root.resolve("blobs/sha256").resolve(hex.substring(0, 2)).resolve(hex).resolve("data");
    }

    /** The blob's bytes, or null if the registry does not hold it. */
    byte[] blob(String digest) {
        try {
            return Files.readAllBytes(blobFile(digest));
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes one tag, leaving the manifest and its other tags. */
    void untag(String repository, String tag) throws IOException {
        deleteTree(manifests(repository).resolve("tags").resolve(tag));
    }

    /** Removes the repository and everything in it (blobs stay until garbage collection, as in the registry). */
    void deleteRepository(String repository) throws IOException {
        deleteTree(root.resolve("repositories").resolve(repository));
    }

    private static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
