package io.jenkins.plugins.ecrpipeline.intermediatebuild;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.ecrpipeline.PipelineException;
import io.jenkins.plugins.ecrpipeline.docker.DockerBuild;
import io.jenkins.plugins.ecrpipeline.docker.DockerClient;
import io.jenkins.plugins.ecrpipeline.registry.ImageName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run's options that need no Docker: tags, durations, the memory guard, labels and the build command line. */
class BuildOptionsTest {
    @TempDir
    Path dir;

    @Test
    void theDatedTagTakesTheDayOrTheWholeBuildDate() {
        assertEquals("intermediate-20261125", DatedTag.expand(BuildRequest.DEFAULT_DATED_TAG, "intermediate", "20261125030000"));
        assertEquals("nightly.20261125030000", DatedTag.expand("nightly.{buildDate}", "intermediate", "20261125030000"));
    }

    @Test
    void aDatedTagThatCannotWorkIsRefusedNamingTheField() {
        PipelineException unknown = assertThrows(PipelineException.class, () -> BuildRequest.builder().datedTag("{tag}-{day}").build());
        assertEquals(Optional.of("dated tag"), unknown.field());
        assertTrue(unknown.getMessage().contains("unknown placeholder {day}"), unknown.getMessage());
        PipelineException same = assertThrows(PipelineException.class, () -> BuildRequest.builder().datedTag("{tag}").build());
        assertTrue(same.getMessage().contains("is the tag itself"), same.getMessage());
        PipelineException invalid = assertThrows(PipelineException.class, () -> BuildRequest.builder().datedTag("{tag}/{date}").build());
        assertTrue(invalid.getMessage().contains("makes 'intermediate/20261125', which is not a valid tag"), invalid.getMessage());
    }

    @Test
    void durationsAreWrittenWithUnits() {
        assertEquals(Duration.ofMinutes(90), Durations.parse("1h30m", "service timeout"));
        assertEquals(Duration.ofSeconds(45), Durations.parse("45s", "service timeout"));
        PipelineException e = assertThrows(PipelineException.class, () -> Durations.parse("30", "service timeout"));
        assertEquals(Optional.of("service timeout"), e.field());
        assertTrue(e.getMessage().contains("invalid service timeout '30': write a number with a unit"), e.getMessage());
        assertThrows(PipelineException.class, () -> Durations.parse("5 minutes", "service timeout"));
    }

    @Test
    void byDefaultEveryServiceBuildsAtOnceUnlessMemoryIsShort() {
        assertEquals(12, new DefaultParallelism(12, 20L << 30).value());
        assertEquals(3, new DefaultParallelism(12, (3L << 30) + (500L << 20)).value());
        assertEquals(1, new DefaultParallelism(12, 200L << 20).value());
        assertEquals(DefaultParallelism.CEILING, new DefaultParallelism(100, -1).value());
        assertTrue(new DefaultParallelism(12, 3L << 30).reason().startsWith("memory guard: 3.0 GiB available"));
    }

    @Test
    void theMemoryGuardReadsTheCgroupLimitOfAContainer() throws Exception {
        Path meminfo = Files.writeString(dir.resolve("meminfo"), "MemTotal: 25165824 kB\nMemAvailable: 20971520 kB\n");
        Path max = Files.writeString(dir.resolve("memory.max"), (4L << 30) + "\n");
        Path current = Files.writeString(dir.resolve("memory.current"), (1L << 30) + "\n");
        assertEquals(3L << 30, DefaultParallelism.availableMemory(meminfo, max, current).getAsLong());
        Files.writeString(max, "max\n");
        assertEquals(20L << 30, DefaultParallelism.availableMemory(meminfo, max, current).getAsLong());
    }

    @Test
    void aCloneUrlLosesItsUserAndToken() {
        assertEquals("https://git.example/team/app.git", OciLabels.withoutUserInfo("https://ci:ghp_token@git.example/team/app.git"));
        assertEquals("git@github.com:team/app.git", OciLabels.withoutUserInfo("git@github.com:team/app.git"));
    }

    @Test
    void theRevisionComesFromTheBuildsVariablesFirst() {
        Map<String, String> labels = OciLabels.of("20261125030000", Map.of("GIT_COMMIT", "a".repeat(40), "GIT_URL", "https://x:y@h/r.git"), dir);
        assertEquals(Map.of(OciLabels.CREATED, "2026-11-25T03:00:00Z", OciLabels.REVISION, "a".repeat(40), OciLabels.SOURCE, "https://h/r.git"),
                labels);
    }

    @Test
    void buildxBuildsGetNoAttestationsUnlessAskedAndBuiltInBuildKitGetsNoBuildxFlags() {
        DockerBuild build = new DockerBuild(".", "Dockerfile", Map.of(), null, List.of(), Map.of(), "r/app:intermediate", true, false);
        List<String> buildx = new DockerClient("docker", "28.2.2", null, null).build(build).arguments();
        assertTrue(buildx.containsAll(List.of("--provenance=false", "--sbom=false", "--pull")), buildx.toString());
        List<String> asked = new DockerClient("docker", "28.2.2", null, null)
                .build(new DockerBuild(".", "Dockerfile", Map.of(), null, List.of(), Map.of(), "r/app:intermediate", false, true)).arguments();
        assertFalse(asked.contains("--provenance=false") || asked.contains("--pull"), asked.toString());
        List<String> builtIn = new DockerClient("/usr/bin/docker", "20.10.24+dfsg1", null, null).build(build).arguments();
        assertFalse(builtIn.contains("--provenance=false"), "docker 20.10 knows no --provenance: " + builtIn);
    }

    @Test
    void theBuildNamesEveryPushedTagAndTheCachePassAddsTheCacheTag() {
        BuildTarget target = new BuildTarget("api", new ImageName("r", "app", "intermediate"),
                new io.jenkins.plugins.ecrpipeline.compose.BuildSpec(".", "Dockerfile", Map.of(), null, List.of(), Map.of(), null, null), Map.of())
                .withPublishing(List.of("intermediate-20261125"), Map.of(), null);
        BuildTarget.BuildOptions options = new BuildTarget.BuildOptions(true, false, false);
        DockerClient docker = new DockerClient("/usr/bin/docker", "20.10.24", null, null);

        List<String> first = docker.build(target.dockerBuild(options)).arguments();
        List<String> second = docker.build(target.cacheMetadataBuild(options)).arguments();

        assertEquals(List.of("r/app:intermediate", "r/app:intermediate-20261125"), valuesOf(first, "--tag"));
        assertEquals(List.of("r/app:intermediate", "r/app:intermediate-20261125", "r/app:intermediate-cache"), valuesOf(second, "--tag"));
        assertEquals(".", first.get(first.size() - 1), "the context comes last");
    }

    private static List<String> valuesOf(List<String> arguments, String option) {
        List<String> values = new java.util.ArrayList<>();
        for (int i = 0; i < arguments.size() - 1; i++) {
            if (arguments.get(i).equals(option)) {
                values.add(arguments.get(i + 1));
            }
        }
        return values;
    }
}
