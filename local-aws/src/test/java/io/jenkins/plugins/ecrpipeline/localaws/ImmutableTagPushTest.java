package io.jenkins.plugins.ecrpipeline.localaws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.ecrpipeline.support.LocalStackExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.AuthorizationData;
import software.amazon.awssdk.services.ecr.model.Image;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecr.model.ImageTagMutabilityExclusionFilter;

/**
 * Real docker pushes over the registry API meet ECR's tag immutability as in AWS: a push that moves an immutable tag
 * is refused with ECR's words ({@code TAG_INVALID}, HTTP 400), pushing the image a tag already names again is not a
 * move, and mutable tags and the exclusion filters' tags move.
 */
@ExtendWith({LocalStackExtension.class, LocalEcrExtension.class})
class ImmutableTagPushTest {
    private static final Pattern PUSHED = Pattern.compile("digest: (sha256:[0-9a-f]{64})");
    private LocalEcrFixture aws;
    private EcrClient ecr;
    private AuthorizationData auth;
    private Path config;

    @BeforeEach
    void start(LocalEcrFixture fixture) throws Exception {
        aws = fixture;
        ecr = aws.ecr(aws.instanceProfile());
        auth = ecr.getAuthorizationToken().authorizationData().get(0);
        config = aws.dockerLogin(auth);
    }

    @AfterEach
    void stop() {
        ecr.close();
    }

    private void createRepository(String name, String mutability, String... exclusions) {
        ecr.createRepository(r -> r.repositoryName(name).imageTagMutability(mutability).imageTagMutabilityExclusionFilters(
                java.util.Arrays.stream(exclusions).map(e -> ImageTagMutabilityExclusionFilter.builder().filterType("WILDCARD").filter(e).build())
                        .toList()));
    }

    /** docker push of a local image as {@code repository:tag} at the registry host ECR reports; returns the pushed digest. */
    private String push(String localImage, String repository, String tag) throws Exception {
        String image = URI.create(auth.proxyEndpoint()).getAuthority() + "/" + repository + ":" + tag;
        aws.docker(config, "tag", localImage, image);
        Matcher pushed = PUSHED.matcher(aws.docker(config, "push", image));
        assertTrue(pushed.find(), "docker push printed no digest");
        return pushed.group(1);
    }

    /** Tag to digest, as ECR describes the repository. */
    private Map<String, String> tags(String repository) {
        Map<String, String> tags = new TreeMap<>();
        ecr.describeImagesPaginator(r -> r.repositoryName(repository)).imageDetails()
                .forEach(d -> d.imageTags().forEach(t -> tags.put(t, d.imageDigest())));
        return tags;
    }

    @Test
    void aPushThatMovesATagOfAnImmutableRepositoryIsRefusedInEcrsWords() throws Exception {
        createRepository("locked/web", "IMMUTABLE");
        String release = push(aws.stack.baseImage(), "locked/web", "release");

        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> push(aws.variantImage("moved"), "locked/web", "release"));

        assertTrue(refused.getMessage().contains("tag invalid: The image tag 'release' already exists in the 'locked/web' repository and "
                + "cannot be overwritten because the repository is immutable."), refused.getMessage());
        assertEquals(Map.of("release", release), tags("locked/web"), "the tag still names the first image, and nothing else was tagged");
    }

    @Test
    void pushingTheImageATagAlreadyNamesAgainIsNoMove() throws Exception {
        createRepository("locked/again", "IMMUTABLE");
        String first = push(aws.stack.baseImage(), "locked/again", "release");

        String second = push(aws.stack.baseImage(), "locked/again", "release");

        assertEquals(first, second);
        assertEquals(Map.of("release", first), tags("locked/again"));
    }

    @Test
    void aMutableRepositoryLetsAPushMoveTheTag() throws Exception {
        createRepository("open/web", "MUTABLE");
        String before = push(aws.stack.baseImage(), "open/web", "latest");

        String after = push(aws.variantImage("next"), "open/web", "latest");

        assertNotEquals(before, after);
        assertEquals(Map.of("latest", after), tags("open/web"));
    }

    @Test
    void tagsExcludedFromImmutabilityMoveAndTheOthersDoNot() throws Exception {
        createRepository("mostly-locked/web", "IMMUTABLE_WITH_EXCLUSION", "latest", "candidate-*");
        createRepository("mostly-open/web", "MUTABLE_WITH_EXCLUSION", "release-*");
        String base = aws.stack.baseImage();
        String variant = aws.variantImage("excluded");
        for (String tag : List.of("latest", "candidate-7", "release")) {
            push(base, "mostly-locked/web", tag);
        }
        String kept = push(base, "mostly-open/web", "release-1");
        push(base, "mostly-open/web", "latest");

        String moved = push(variant, "mostly-locked/web", "latest");
        push(variant, "mostly-locked/web", "candidate-7");
        IllegalStateException release = assertThrows(IllegalStateException.class, () -> push(variant, "mostly-locked/web", "release"));
        push(variant, "mostly-open/web", "latest");
        IllegalStateException release1 = assertThrows(IllegalStateException.class, () -> push(variant, "mostly-open/web", "release-1"));

        assertTrue(release.getMessage().contains("tag invalid: The image tag 'release' already exists"), release.getMessage());
        assertTrue(release1.getMessage().contains("tag invalid: The image tag 'release-1' already exists"), release1.getMessage());
        String baseDigest = tags("mostly-locked/web").get("release");
        assertEquals(Map.of("latest", moved, "candidate-7", moved, "release", baseDigest), tags("mostly-locked/web"));
        assertEquals(Map.of("latest", moved, "release-1", kept), tags("mostly-open/web"));
    }

    /** The manifest of {@code tag}, exactly as ECR stores it. */
    private Image image(String repository, String tag) {
        return ecr.batchGetImage(r -> r.repositoryName(repository).imageIds(ImageIdentifier.builder().imageTag(tag).build())
                .acceptedMediaTypes(RegistryAdminClient.ALL_MANIFEST_TYPES.split(","))).images().get(0);
    }

    private HttpResponse<String> putManifest(String repository, String tag, Image manifest, String token) throws Exception {
        HttpRequest.Builder put = HttpRequest.newBuilder(URI.create(auth.proxyEndpoint() + "/v2/" + repository + "/manifests/" + tag))
                .header("Content-Type", manifest.imageManifestMediaType()).PUT(HttpRequest.BodyPublishers.ofString(manifest.imageManifest()));
        if (token != null) {
            put.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(put.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theRefusalIsHttp400WithTheRegistryErrorCodeTagInvalid() throws Exception {
        createRepository("locked/api", "IMMUTABLE");
        String release = push(aws.stack.baseImage(), "locked/api", "release");
        push(aws.variantImage("api"), "locked/api", "candidate");

        HttpResponse<String> refused = putManifest("locked/api", "release", image("locked/api", "candidate"),
                aws.registryToken(auth, "locked/api", "pull,push"));

        assertEquals(400, refused.statusCode(), refused.body());
        assertTrue(refused.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), refused.headers().toString());
        JsonNode error = new ObjectMapper().readTree(refused.body()).path("errors").get(0);
        assertEquals("TAG_INVALID", error.path("code").asText());
        assertEquals("The image tag 'release' already exists in the 'locked/api' repository and cannot be overwritten because the repository "
                + "is immutable.", error.path("message").asText());
        assertEquals(release, tags("locked/api").get("release"));
    }

    @Test
    void aManifestPutThatMayNotPushGetsTheRegistrysAnswerAndLearnsNothingAboutTheTag() throws Exception {
        createRepository("locked/private", "IMMUTABLE");
        String release = push(aws.stack.baseImage(), "locked/private", "release");
        push(aws.variantImage("private"), "locked/private", "candidate");
        Image candidate = image("locked/private", "candidate");

        HttpResponse<String> anonymous = putManifest("locked/private", "release", candidate, null);
        HttpResponse<String> pullOnly = putManifest("locked/private", "release", candidate, aws.registryToken(auth, "locked/private", "pull"));

        for (HttpResponse<String> answer : List.of(anonymous, pullOnly)) {
            assertEquals(401, answer.statusCode(), answer.body());
            assertTrue(answer.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer realm="), answer.headers().toString());
            assertFalse(answer.body().contains("TAG_INVALID"), answer.body());
        }
        assertEquals(release, tags("locked/private").get("release"));
    }
}
