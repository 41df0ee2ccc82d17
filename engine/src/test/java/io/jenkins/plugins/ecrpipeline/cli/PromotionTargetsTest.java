package io.jenkins.plugins.ecrpipeline.cli;

import static io.jenkins.plugins.ecrpipeline.cleanup.CleanupFixture.OTHER;
import static io.jenkins.plugins.ecrpipeline.cleanup.CleanupFixture.OTHER_ROLE;
import static io.jenkins.plugins.ecrpipeline.cleanup.CleanupFixture.OWN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.ecrpipeline.cleanup.CleanupFixture;
import io.jenkins.plugins.ecrpipeline.localaws.Faults;
import io.jenkins.plugins.ecrpipeline.localaws.LocalEcrExtension;
import io.jenkins.plugins.ecrpipeline.localaws.LocalEcrFixture;
import io.jenkins.plugins.ecrpipeline.support.LocalStackExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A promotion to several targets is all or nothing when it can be known beforehand (a target tag that names another
 * image where tags are immutable, a missing repository), and says exactly which targets it placed when a write fails
 * midway. Both local accounts are listed before and after, so a change anywhere else shows.
 */
@ExtendWith({LocalStackExtension.class, LocalEcrExtension.class})
class PromotionTargetsTest {
    private static final String REPOSITORY = "promote/app";
    private LocalEcrFixture aws;
    private CleanupFixture own;
    private CleanupFixture other;
    private Map<String, String> env;

    @BeforeEach
    void start(LocalEcrFixture fixture) throws Exception {
        aws = fixture;
        own = new CleanupFixture(aws, OWN);
        other = new CleanupFixture(aws, OTHER);
        env = EcrLoginTest.agentEnvironment(aws.server.endpoint().toString());
    }

    @AfterEach
    void stop() {
        own.close();
        other.close();
    }

    private CliRun promote(String... args) {
        String[] all = new String[args.length + 4];
        all[0] = "promote";
        all[1] = "--endpoint-url=" + aws.server.endpoint();
        all[2] = "--ecr-login";
        all[3] = "--assume-role=" + OTHER_ROLE;
        System.arraycopy(args, 0, all, 4, args.length);
        return CliRun.run(env, all);
    }

    private String ref(CleanupFixture account, String tag) {
        return account.host() + "/" + REPOSITORY + ":" + tag;
    }

    /** Both accounts' images of the repository, for before-and-after comparisons. */
    private List<Map<String, List<String>>> everything() {
        return List.of(own.images(REPOSITORY), other.images(REPOSITORY));
    }

    @Test
    void aTargetTagOnAnotherImageOfAnImmutableRepositoryRefusesTheWholePromotion() throws Exception {
        own.createRepository(REPOSITORY);
        own.pushImage(REPOSITORY, "production");
        own.pushImage(REPOSITORY, "intermediate");
        other.createRepository(REPOSITORY, "IMMUTABLE");
        String production = other.pushImage(REPOSITORY, "production");
        other.pushImage(REPOSITORY, "intermediate");
        List<Map<String, List<String>>> before = everything();

        CliRun run = promote("--image", ref(other, "intermediate"), "--to", "release-1", "--to", "production");

        assertEquals(2, run.exitCode(), run.out() + run.err());
        assertEquals(1, run.err().strip().lines().count(), "one line:\n" + run.err());
        assertTrue(run.err().contains("tag 'production' already exists in " + other.host() + "/" + REPOSITORY + " on another image (it names "
                + production + ")") && run.err().contains("immutable tags") && run.err().contains("Nothing was promoted."), run.err());
        assertEquals(before, everything(), "release-1 was not placed, and nothing else changed in either account");
    }

    @Test
    void aCrossAccountCopyIntoAnImmutableTargetIsRefusedBeforeAnyBlobMoves() throws Exception {
        own.createRepository(REPOSITORY);
        own.pushImage(REPOSITORY, "intermediate");
        other.createRepository(REPOSITORY, "IMMUTABLE");
        other.pushImage(REPOSITORY, "production");
        List<Map<String, List<String>>> before = everything();

        CliRun run = promote("--image", ref(own, "intermediate"), "--to", ref(other, "release-1"), "--to", ref(other, "production"));

        assertEquals(2, run.exitCode(), run.out() + run.err());
        assertTrue(run.err().contains("tag 'production' already exists") && run.err().contains("Nothing was promoted."), run.err());
        assertEquals(before, everything());
    }

    @Test
    void aMissingTargetRepositoryIsRefusedBeforeAnythingChanges() throws Exception {
        own.createRepository(REPOSITORY);
        own.pushImage(REPOSITORY, "intermediate");
        List<Map<String, List<String>>> before = List.of(own.images(REPOSITORY));

        CliRun run = promote("--image", ref(own, "intermediate"), "--to", "release-1", "--to", ref(other, "production"));

        assertEquals(2, run.exitCode(), run.out() + run.err());
        assertTrue(run.err().contains("the target repository " + other.host() + "/" + REPOSITORY + " does not exist")
                && run.err().contains("aws ecr create-repository"), run.err());
        assertEquals(before, List.of(own.images(REPOSITORY)), "release-1 was not placed in the own account");
    }

    @Test
    void tagsExemptedFromImmutabilityMoveAndTheOthersDoNot() throws Exception {
        other.createRepository(REPOSITORY, "IMMUTABLE_WITH_EXCLUSION", "latest", "candidate-*");
        other.pushImage(REPOSITORY, "latest");
        other.pushImage(REPOSITORY, "candidate-7");
        String release = other.pushImage(REPOSITORY, "release");
        String tested = other.pushImage(REPOSITORY, "intermediate");

        CliRun moved = promote("--image", ref(other, "intermediate"), "--to", "latest", "--to", "candidate-7");
        CliRun refused = promote("--image", ref(other, "intermediate"), "--to", "release");

        assertEquals(0, moved.exitCode(), moved.out() + moved.err());
        assertEquals(2, refused.exitCode(), refused.out() + refused.err());
        Map<String, List<String>> images = other.images(REPOSITORY);
        assertEquals(List.of("candidate-7", "intermediate", "latest"), images.get(tested));
        assertEquals(List.of("release"), images.get(release));
    }

    @Test
    void aCopyOverTheRegistryApiIntoATagThatMayNotMoveFailsThereAndSaysWhy() throws Exception {
        own.createRepository(REPOSITORY);
        String tested = own.pushImage(REPOSITORY, "intermediate");
        other.createRepository(REPOSITORY, "IMMUTABLE");
        String production = other.pushImage(REPOSITORY, "production");
        // Without ecr:DescribeRepositories the tool cannot know beforehand; the registry refuses the manifest PUT (TAG_INVALID).
        aws.server.setFaults(Faults.denied(Set.of("ecr:DescribeRepositories")));
        Path report = aws.dir.resolve("copied.json");

        CliRun run = promote("--image", ref(own, "intermediate"), "--to", ref(other, "release-1"), "--to", ref(other, "production"),
                "--report", report.toString());

        assertEquals(1, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains("[registry API]"), run.out());
        assertTrue(run.out().contains("FAILED: tag 'production' already exists in " + other.host() + "/" + REPOSITORY + " on another image ("
                + "TAG_INVALID: The image tag 'production' already exists in the '" + REPOSITORY + "' repository and cannot be overwritten "
                + "because the repository is immutable.), and the repository has immutable tags, so it cannot be moved."), run.out());
        assertTrue(run.out().contains("Placed before the failure: " + ref(other, "release-1") + "; not placed: " + ref(other, "production")),
                run.out());
        JsonNode app = new ObjectMapper().readTree(report.toFile()).path("services").get(0);
        assertEquals("FAILED", app.path("outcome").asText());
        assertEquals("REGISTRY_API", app.path("route").asText());
        assertEquals(1, app.path("placed").size());
        assertEquals(ref(other, "release-1"), app.path("placed").get(0).asText());
        assertEquals(Map.of(production, List.of("production"), tested, List.of("release-1")), other.images(REPOSITORY));
    }

    @Test
    void aWriteThatFailsMidwaySaysExactlyWhichTargetsWerePlaced() throws Exception {
        other.createRepository(REPOSITORY, "IMMUTABLE");
        String production = other.pushImage(REPOSITORY, "production");
        String tested = other.pushImage(REPOSITORY, "intermediate");
        // Without ecr:DescribeRepositories the tool cannot know beforehand that the tags are immutable; ECR refuses at the write.
        aws.server.setFaults(Faults.denied(Set.of("ecr:DescribeRepositories")));
        Path report = aws.dir.resolve("promoted.json");

        CliRun run = promote("--image", ref(other, "intermediate"), "--to", "release-1", "--to", "production", "--report", report.toString());

        assertEquals(1, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains("Placed before the failure: " + ref(other, "release-1") + "; not placed: " + ref(other, "production")),
                run.out());
        assertTrue(run.out().contains("failed (1 of 2 placed)") && run.out().contains("app failed midway: placed " + ref(other, "release-1")),
                run.out());
        JsonNode app = new ObjectMapper().readTree(report.toFile()).path("services").get(0);
        assertEquals("FAILED", app.path("outcome").asText());
        assertEquals(List.of(ref(other, "release-1")), List.of(app.path("placed").get(0).asText()));
        assertEquals(1, app.path("placed").size());
        assertEquals(Map.of(production, List.of("production"), tested, List.of("intermediate", "release-1")), other.images(REPOSITORY));
    }

    @Test
    void aSourceRepositoryThatDoesNotExistReadsLikeAMissingTag() throws Exception {
        own.createRepository(REPOSITORY);

        CliRun missingRepository = promote("--image", own.host() + "/promote/nowhere:intermediate", "--to", "production");
        CliRun missingTag = promote("--image", ref(own, "intermediate"), "--to", "production");

        assertEquals(2, missingRepository.exitCode(), missingRepository.out() + missingRepository.err());
        assertEquals(1, missingRepository.err().strip().lines().count(), missingRepository.err());
        assertTrue(missingRepository.err().startsWith("error: nowhere: " + own.host() + "/promote/nowhere:intermediate does not exist in ECR: "
                + "there is no repository promote/nowhere; check the registry, repository and tag"), missingRepository.err());
        assertTrue(missingTag.err().startsWith("error: app: " + ref(own, "intermediate") + " does not exist in ECR; check the registry"),
                missingTag.err());
    }
}
