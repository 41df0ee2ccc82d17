package io.jenkins.plugins.ecrpipeline.localaws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/** ECR's image writes: BatchDeleteImage and PutImage, carried out on the account's real registry. */
final class EcrImageWrites {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RegistryAdminClient admin;
    private final Supplier<Faults> faults;

    /** @param faults the faults in force: {@link Faults#deleteFailures()} makes chosen deletes fail */
    EcrImageWrites(RegistryAdminClient admin, Supplier<Faults> faults) {
        this.admin = admin;
        this.faults = faults;
    }

    ObjectNode batchDeleteImage(EcrRequest r) throws IOException, InterruptedException {
        EcrRepository repository = r.repository();
        JsonNode ids = EcrImageIds.imageIds(r);
        RegistryStorage storage = r.registry().storage();
        // Storage is read and parsed once per call; both views are kept current as the batch deletes.
        List<RegistryStorage.StoredImage> images = new ArrayList<>(storage.images(repository.name()));
        Map<String, Set<String>> parentIndexes = parentIndexes(images);
        ObjectNode out = JSON.createObjectNode();
        ArrayNode deleted = out.putArray("imageIds");
        ArrayNode failures = out.putArray("failures");
        for (JsonNode id : ids) {
            ObjectNode failure = EcrImageIds.failureOf(id, images);
            if (failure != null) {
                failures.add(failure);
                continue;
            }
            RegistryStorage.StoredImage image = EcrImageIds.find(images, id);
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
                failures.add(EcrImageIds.failure(id, injected, "Injected by local-aws: BatchDeleteImage fails for this image (faults.deleteFailures)"));
                continue;
            }
            Set<String> parents = parentIndexes.getOrDefault(image.digest(), Set.of());
            if (!parents.isEmpty()) {
                failures.add(EcrImageIds.failure(id, "ImageReferencedByManifestList", "Requested image referenced by manifest list: "
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

    ObjectNode putImage(EcrRequest r) throws IOException, InterruptedException {
        EcrRepository repository = r.repository();
        byte[] manifest = r.required("imageManifest").getBytes(StandardCharsets.UTF_8);
        ManifestTypes.Parsed parsed = ManifestTypes.parse(manifest);
        String mediaType = r.text("imageManifestMediaType") != null ? r.text("imageManifestMediaType") : parsed.mediaType();
        String tag = r.text("imageTag");
        if (tag != null && !EcrImageIds.TAG.matcher(tag).matches()) {
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
                    + "' in registry with id '" + r.account() + "'");
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
        ObjectNode image = out.putObject("image").put("registryId", r.account()).put("repositoryName", repository.name());
        ObjectNode imageId = image.putObject("imageId").put("imageDigest", digest);
        if (tag != null) {
            imageId.put("imageTag", tag);
        }
        image.put("imageManifest", new String(manifest, StandardCharsets.UTF_8)).put("imageManifestMediaType", mediaType);
        return out;
    }

    /** Child manifest digest to every index that references it. */
    private static Map<String, Set<String>> parentIndexes(List<RegistryStorage.StoredImage> images) {
        Map<String, Set<String>> parents = new HashMap<>();
        for (RegistryStorage.StoredImage image : images) {
            ManifestTypes.Parsed parsed = ManifestTypes.parse(image.manifest());
            if (parsed.isIndex()) {
                parsed.children().forEach(child -> parents.computeIfAbsent(child, c -> new HashSet<>()).add(image.digest()));
            }
        }
        return parents;
    }
}
