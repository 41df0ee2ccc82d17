package io.jenkins.plugins.ecrpipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.ecrpipeline.localaws.MotoServer;
import io.jenkins.plugins.ecrpipeline.registry.Manifests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;

/** {@code cleanup} from the command line against moto: a dry run with a plan file, the plan applied, the lifecycle export, bad input. */
class CleanupCommandTest {
    private static final String REGISTRY = "123456789012.dkr.ecr.eu-west-1.amazonaws.com";

    @TempDir
    Path dir;
    private MotoServer moto;
    private Map<String, String> env;
    private EcrClient ecr;

    @BeforeEach
    void start() throws Exception {
        moto = MotoServer.start(dir.resolve("moto.log"));
        env = MotoServer.environment(dir);
        ecr = moto.ecr();
    }

    @AfterEach
    void stop() {
        ecr.close();
        moto.close();
    }

    private String put(String tag, int n) {
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"" + Manifests.DOCKER_MANIFEST + "\",\"config\":{\"mediaType\":"
                + "\"application/vnd.docker.container.image.v1+json\",\"size\":10,\"digest\":\"sha256:" + "c".repeat(64) + "\"},"
                + "\"layers\":[{\"mediaType\":\"application/vnd.docker.image.rootfs.diff.tar.gzip\",\"size\":20,\"digest\":\"sha256:"
                + String.format("%064x", n) + "\"}]}";
        return ecr.putImage(r -> r.repositoryName("cleanup-test/cli").imageTag(tag).imageManifest(manifest)
                .imageManifestMediaType(Manifests.DOCKER_MANIFEST)).image().imageId().imageDigest();
    }

    private Set<String> left() {
        return ecr.listImages(r -> r.repositoryName("cleanup-test/cli")).imageIds().stream().map(ImageIdentifier::imageDigest)
                .collect(Collectors.toSet());
    }

    @Test
    void aDryRunWritesThePlanAndExecuteAppliesIt() throws Exception {
        ecr.createRepository(r -> r.repositoryName("cleanup-test/cli"));
        String production = put("production", 1);
        String old = put("feature-a", 2);
        String deployed = put("feature-b", 3);
        Path plan = dir.resolve("plan.json");
        Files.writeString(dir.resolve("deployed.txt"), "# what runs in production\n" + REGISTRY + "/cleanup-test/cli@" + deployed + "\n");

        CliRun dry = CliRun.run(env, "cleanup", "--ecr-login", "--endpoint-url", moto.endpoint().toString(), "--registry", REGISTRY,
                "--repository", "cleanup-test/cli", "--tagged-older-than", "0m", "--tag-pattern", "feature-.*", "--protect", "production",
                "--in-use-file", dir.resolve("deployed.txt").toString(), "--plan-file", plan.toString(), "--lifecycle-policy",
                dir.resolve("lifecycle.json").toString());

        assertEquals(0, dry.exitCode(), dry.out() + dry.err());
        assertTrue(dry.out().contains("RULE OR REASON KEPT"), dry.out());
        assertTrue(dry.out().contains("1 of 3 image(s) in 1 repository(ies) to delete"), dry.out());
        assertTrue(dry.out().contains("Dry run: nothing was deleted."), dry.out());
        assertTrue(dry.out().contains("protectedTags [production]: lifecycle rules cannot exclude tags"), dry.out());
        assertTrue(Files.readString(dir.resolve("lifecycle.json")).contains("feature-*"));
        assertEquals(Set.of(production, old, deployed), left());

        CliRun applied = CliRun.run(env, "cleanup", "--ecr-login", "--endpoint-url", moto.endpoint().toString(), "--registry", REGISTRY,
                "--execute", "--plan-file", plan.toString(), "--report", dir.resolve("report.json").toString());

        assertEquals(0, applied.exitCode(), applied.out() + applied.err());
        assertTrue(applied.out().contains("Deleted 1 image(s)"), applied.out());
        assertEquals(Set.of(production, deployed), left());
        String report = Files.readString(dir.resolve("report.json"));
        assertTrue(report.contains("\"planned\" : 1") && report.contains("\"deleted\" : 1") && report.contains("\"failed\" : 0"), report);
    }

    @Test
    void badInputGetsOneClearMessage() throws Exception {
        Path policy = dir.resolve("cleanup.yaml");
        Files.writeString(policy, "repositories: [web]\nrules:\n  - untaggedOlderThan: 7d\n  - keep: -2\n    tagGroup: 'main-(.*)'\n");

        CliRun negative = CliRun.run(env, "cleanup", "--ecr-login", "--policy", policy.toString());
        assertEquals(2, negative.exitCode());
        assertTrue(negative.err().contains("error: invalid count -2 in rules[1].keep"), negative.err());

        CliRun age = CliRun.run(env, "cleanup", "--registry", "127.0.0.1:1", "--repository", "web", "--untagged-older-than", "14");
        assertEquals(2, age.exitCode());
        assertTrue(age.err().contains("invalid age '14' in rules[0].untaggedOlderThan"), age.err());

        CliRun keep = CliRun.run(env, "cleanup", "--registry", "127.0.0.1:1", "--repository", "web", "--keep", "three=x-(.*)");
        assertEquals(2, keep.exitCode());
        assertTrue(keep.err().contains("error: invalid keep rule 'three=x-(.*)': write N=REGEX") && keep.err().contains("(option --keep)"),
                keep.err());

        CliRun planMissing = CliRun.run(env, "cleanup", "--registry", "127.0.0.1:1", "--execute", "--plan-file", dir.resolve("none.json").toString());
        assertEquals(2, planMissing.exitCode());
        assertTrue(planMissing.err().contains("there is no plan file") && planMissing.err().contains("(option --plan-file)"), planMissing.err());
    }

    @Test
    void aTruncatedPlanFileIsOneLineNamingTheFileAndNothingIsDeleted() throws Exception {
        ecr.createRepository(r -> r.repositoryName("cleanup-test/cli"));
        for (int i = 0; i < 40; i++) {
            put("feature-" + i, 100 + i);
        }
        Set<String> before = left();
        Path plan = dir.resolve("plan.json");
        CliRun dry = CliRun.run(env, "cleanup", "--ecr-login", "--endpoint-url", moto.endpoint().toString(), "--registry", REGISTRY,
                "--repository", "cleanup-test/cli", "--tagged-older-than", "0m", "--plan-file", plan.toString());
        assertEquals(0, dry.exitCode(), dry.out() + dry.err());
        byte[] whole = Files.readAllBytes(plan);
        // Cut inside an entry, as a copy that ran out of space would.
        Files.write(plan, java.util.Arrays.copyOf(whole, whole.length / 2));

        CliRun applied = CliRun.run(env, "cleanup", "--ecr-login", "--endpoint-url", moto.endpoint().toString(), "--registry", REGISTRY,
                "--execute", "--plan-file", plan.toString());

        assertEquals(2, applied.exitCode(), applied.out() + applied.err());
        assertEquals(1, applied.err().strip().lines().count(), "one line:\n" + applied.err());
        assertTrue(applied.err().contains(plan + " is not a cleanup plan written by a dry run: it ends in the middle (line ")
                && applied.err().contains("the file is cut off; make the plan again with a dry run"), applied.err());
        assertEquals(before, left(), "nothing was deleted");
    }

    @Test
    void aPolicyFileWithoutRulesTakesTheRulesFromTheOptions() throws Exception {
        ecr.createRepository(r -> r.repositoryName("cleanup-test/cli"));
        String production = put("production", 1);
        String old = put("feature-a", 2);
        Path policy = dir.resolve("policy.json");
        Files.writeString(policy, "{\"repositories\": [\"cleanup-test/cli\"], \"protectedTags\": [\"production\"]}");

        CliRun run = CliRun.run(env, "cleanup", "--ecr-login", "--endpoint-url", moto.endpoint().toString(), "--registry", REGISTRY,
                "--policy", policy.toString(), "--tagged-older-than", "0m", "--execute");

        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertEquals(Set.of(production), left(), "the option's rule deleted " + old + "; the file's protected tag kept production");
    }

    @Test
    void aKeepRuleWithoutACaptureGroupKeepsTheNewestOfAllItsTagsAsOneGroupAndSaysSo() throws Exception {
        ecr.createRepository(r -> r.repositoryName("cleanup-test/cli"));
        put("feature-a", 1);
        put("feature-b", 2);
        put("feature-c", 3);

        CliRun run = CliRun.run(env, "cleanup", "--ecr-login", "--endpoint-url", moto.endpoint().toString(), "--registry", REGISTRY,
                "--repository", "cleanup-test/cli", "--keep", "1=feature-.*");

        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains("2 of 3 image(s)"), run.out());
        assertTrue(run.out().contains("keep 1 newest of tagGroup feature-.* (one group)"), "the policy line says it is one group:\n" + run.out());
    }
}
