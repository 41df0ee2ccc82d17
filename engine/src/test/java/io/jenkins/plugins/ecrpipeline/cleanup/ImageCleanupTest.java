package io.jenkins.plugins.ecrpipeline.cleanup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.ecrpipeline.process.Host;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The entry point over an in-memory registry with ECR's delete semantics: executions of random plans, and concurrency. */
class ImageCleanupTest {
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    @TempDir
    Path dir;

    private Host host() {
        return Host.local(Map.of("HOME", dir.toString())).runner((command, output) -> {
            throw new AssertionError("a cleanup ran " + command.display());
        }).workspace(dir).tempDirectory(dir).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
    }

    @Test
    void executingRandomPlansNeverFailsAndTheNextRunOnlyPicksUpChildrenOfDeletedIndexes() throws Exception {
        for (long seed = 0; seed < 300; seed++) {
            PlannerPropertiesTest.Case c = PlannerPropertiesTest.randomCase(new Random(seed));
            // The generator's images pushed after NOW are the racing pushes; in-use images go in as a policy list.
            CleanupPolicy.Builder policy = CleanupPolicy.builder().from(c.policy());
            for (InUse u : c.inUse()) {
                policy.inUse(u.digest() != null ? (u.repository() == null ? "" : u.repository() + "@") + u.digest() : u.repository() + ":" + u.tag());
            }
            InMemoryRegistry registry = new InMemoryRegistry(c.listings(), 0);
            CleanupRequest request = CleanupRequest.builder(policy.build()).registry("memory.test").execute(true).concurrency(3).build();

            CleanupReport first = ImageCleanup.run(request, host(), registry);

            assertTrue(first.succeeded(), "seed " + seed + ": " + first.failures());
            assertEquals(first.plan().imagesToDelete(), first.deleted(), "seed " + seed);
            Set<String> waiting = first.plan().entries().stream().filter(e -> e.reason().startsWith(CleanupPlanner.CHILD_OF_DELETED))
                    .map(e -> e.repository() + "@" + e.digest()).collect(Collectors.toSet());

            CleanupReport second = ImageCleanup.run(request, host(), registry);

            assertTrue(second.succeeded(), "seed " + seed + ": " + second.failures());
            for (PlanEntry e : second.plan().deletions()) {
                assertTrue(waiting.contains(e.repository() + "@" + e.digest()), "seed " + seed + ": the second run deleted " + e);
            }
        }
    }

    @Test
    void repositoriesAreWorkedOnAtOnceUpToTheConcurrency() throws Exception {
        List<RepositoryListing> listings = new ArrayList<>();
        for (int r = 0; r < 8; r++) {
            listings.add(new RepositoryListing("cleanup-test/r" + r, List.of(new ImageRecord("sha256:" + String.format("%064x", r), List.of(),
                    NOW.minusSeconds(7200), 10, "application/vnd.oci.image.manifest.v1+json", List.of()),
                    new ImageRecord("sha256:" + String.format("%064x", 100 + r), List.of("latest"), NOW.minusSeconds(60), 10,
                            "application/vnd.oci.image.manifest.v1+json", List.of()))));
        }
        InMemoryRegistry registry = new InMemoryRegistry(listings, 100);
        CleanupRequest request = CleanupRequest.builder(CleanupPolicy.builder().repositoryPattern("cleanup-test/.*").untaggedOlderThan("1h")
                .protectedTag("latest").build()).registry("memory.test").execute(true).concurrency(3).build();

        CleanupReport report = ImageCleanup.run(request, host(), registry);

        assertEquals(8, report.deleted());
        assertEquals(3, registry.mostAtOnce.get(), "at most 3 repositories at once, and that many");
        assertEquals(Map.of("delete", 8L, "list", 8L), report.apiCalls());
    }
}
