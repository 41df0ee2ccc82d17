package io.jenkins.plugins.ecrpipeline.localaws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.ecrpipeline.support.AwsCli;
import io.jenkins.plugins.ecrpipeline.support.LocalStackExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Debian's awscli, unchanged and with credentials only from the local IMDS, runs the ECR commands the project
 * depends on: get-login-password (then a real docker login and push), describe-repositories, describe-images,
 * put-image (retag), batch-delete-image and put-lifecycle-policy.
 */
@ExtendWith({LocalStackExtension.class, LocalEcrExtension.class})
class AwsCliEcrTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String UNTAGGED_RULE = "{\"rulePriority\":%d,\"selection\":{\"tagStatus\":\"untagged\","
            + "\"countType\":\"imageCountMoreThan\",\"countNumber\":5},\"action\":{\"type\":\"expire\"}}";

    private LocalEcrFixture aws;
    private AwsCli cli;

    @BeforeEach
    void start(LocalEcrFixture fixture) {
        aws = fixture;
        cli = AwsCli.debian(aws.stack, aws.server.endpoint(), aws.dir);
    }


    private JsonNode ok(String... args) throws Exception {
        AwsCli.Result result = cli.run(Map.of(), args);
        assertEquals(0, result.exitCode(), String.join(" ", args) + ": " + result.err());
        return result.out().isBlank() ? JSON.createObjectNode() : JSON.readTree(result.out());
    }

    @Test
    void theEcrCommandsTheProjectUsesWorkUnchanged() throws Exception {
        JsonNode created = ok("ecr", "create-repository", "--repository-name", "web-production");
        String uri = created.path("repository").path("repositoryUri").asText();
        assertEquals("arn:aws:ecr:eu-west-1:111111111111:repository/web-production", created.path("repository").path("repositoryArn").asText());

        AwsCli.Result password = cli.run(Map.of(), "ecr", "get-login-password");
        assertEquals(0, password.exitCode(), password.err());
        Path config = aws.dir.resolve("docker-config");
        java.nio.file.Files.createDirectories(config);
        Process login = new ProcessBuilder(aws.stack.docker().toString(), "--config", config.toString(), "login", "--username", "AWS",
                "--password-stdin", uri.substring(0, uri.indexOf('/'))).redirectErrorStream(true).start();
        login.getOutputStream().write(password.out().strip().getBytes(StandardCharsets.UTF_8));
        login.getOutputStream().close();
        assertEquals(0, login.waitFor(), new String(login.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        aws.docker(config, "tag", aws.stack.baseImage(), uri + ":intermediate");
        aws.docker(config, "push", uri + ":intermediate");

        JsonNode repositories = ok("ecr", "describe-repositories");
        assertEquals("web-production", repositories.path("repositories").get(0).path("repositoryName").asText());

        JsonNode images = ok("ecr", "describe-images", "--repository-name", "web-production");
        JsonNode detail = images.path("imageDetails").get(0);
        assertEquals("intermediate", detail.path("imageTags").get(0).asText());
        String digest = detail.path("imageDigest").asText();

        // Promotion without pull and push: the same manifest under a new tag.
        JsonNode manifest = ok("ecr", "batch-get-image", "--repository-name", "web-production", "--image-ids", "imageTag=intermediate");
        String manifestText = manifest.path("images").get(0).path("imageManifest").asText();
        JsonNode put = ok("ecr", "put-image", "--repository-name", "web-production", "--image-tag", "production",
                "--image-manifest", manifestText);
        assertEquals(digest, put.path("image").path("imageId").path("imageDigest").asText());
        AwsCli.Result again = cli.run(Map.of(), "ecr", "put-image", "--repository-name", "web-production", "--image-tag", "production",
                "--image-manifest", manifestText);
        assertTrue(again.err().contains("ImageAlreadyExistsException"), again.err());

        JsonNode untag = ok("ecr", "batch-delete-image", "--repository-name", "web-production", "--image-ids", "imageTag=production");
        assertEquals(0, untag.path("failures").size());
        JsonNode afterUntag = ok("ecr", "describe-images", "--repository-name", "web-production");
        assertEquals("[\"intermediate\"]", afterUntag.path("imageDetails").get(0).path("imageTags").toString(),
                "deleting one of two tags keeps the image and its other tag");

        String policy = "{\"rules\":[{\"rulePriority\":1,\"description\":\"untagged after 1 day\",\"selection\":{\"tagStatus\":\"untagged\","
                + "\"countType\":\"sinceImagePushed\",\"countUnit\":\"days\",\"countNumber\":1},\"action\":{\"type\":\"expire\"}}]}";
        JsonNode stored = ok("ecr", "put-lifecycle-policy", "--repository-name", "web-production", "--lifecycle-policy-text", policy);
        assertEquals(policy, stored.path("lifecyclePolicyText").asText());
        assertEquals(policy, ok("ecr", "get-lifecycle-policy", "--repository-name", "web-production").path("lifecyclePolicyText").asText());

        JsonNode deleted = ok("ecr", "batch-delete-image", "--repository-name", "web-production", "--image-ids",
                "imageDigest=" + digest, "imageTag=no-such-tag");
        assertEquals(digest, deleted.path("imageIds").get(0).path("imageDigest").asText());
        assertEquals("ImageNotFound", deleted.path("failures").get(0).path("failureCode").asText());
        assertEquals(0, ok("ecr", "describe-images", "--repository-name", "web-production").path("imageDetails").size());
    }

    @Test
    void errorsComeBackWithAwsCodes() throws Exception {
        AwsCli.Result missing = cli.run(Map.of(), "ecr", "describe-images", "--repository-name", "nope");
        assertEquals(254, missing.exitCode());
        assertTrue(missing.err().contains("(RepositoryNotFoundException)") && missing.err().contains("'nope'"), missing.err());

        ok("ecr", "create-repository", "--repository-name", "immutable", "--image-tag-mutability", "IMMUTABLE");
        AwsCli.Result duplicate = cli.run(Map.of(), "ecr", "create-repository", "--repository-name", "immutable");
        assertTrue(duplicate.err().contains("(RepositoryAlreadyExistsException)"), duplicate.err());

        AwsCli.Result badPolicy = cli.run(Map.of(), "ecr", "put-lifecycle-policy", "--repository-name", "immutable",
                "--lifecycle-policy-text", "{\"rules\":[" + UNTAGGED_RULE.formatted(1) + "," + UNTAGGED_RULE.formatted(2) + "]}");
        assertTrue(badPolicy.err().contains("(InvalidParameterException)") && badPolicy.err().contains("only one rule may select untagged"),
                badPolicy.err());

        AwsCli.Result noPolicy = cli.run(Map.of(), "ecr", "get-lifecycle-policy", "--repository-name", "immutable");
        assertTrue(noPolicy.err().contains("(LifecyclePolicyNotFoundException)"), noPolicy.err());
    }
}
