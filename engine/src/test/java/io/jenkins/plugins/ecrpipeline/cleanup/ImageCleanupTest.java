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
            CleanupRequest.Builder request = CleanupRequest.builder(policy.build()).registry("memory.test").concurrency(3);
            List<PlanEntry> planned = dryRun(request, "first-" + seed + ".json", registry);
            Set<String> waiting = planned.stream().filter(e -> e.reason().startsWith(CleanupPlanner.CHILD_OF_DELETED))
                    .map(e -> e.repository() + "@" + e.digest()).collect(Collectors.toSet());

            // Half the seeds apply the dry run's plan file, read back repository by repository; the others plan again.
            CleanupReport first = ImageCleanup.run(request.execute(true).planFile(seed % 2 == 0 ? "first-" + seed + ".json" : null).build(),
                    host(), registry);

            assertTrue(first.succeeded(), "seed " + seed + ": " + first.failures());
            assertEquals(planned.stream().filter(PlanEntry::delete).count(), first.totals().deleted(), "seed " + seed);
            assertEquals(first.totals().planned(), first.totals().deleted(), "seed " + seed);
            assertEquals(first.totals().deleted(), first.repositories().values().stream().mapToLong(CleanupTotals::deleted).sum(), "seed " + seed);

            for (PlanEntry e : dryRun(request.execute(false), "second-" + seed + ".json", registry)) {
                assertTrue(!e.delete() || waiting.contains(e.repository() + "@" + e.digest()), "seed " + seed + ": the second run plans " + e);
            }
            CleanupReport second = ImageCleanup.run(request.execute(true).planFile(null).build(), host(), registry);
            assertTrue(second.succeeded(), "seed " + seed + ": " + second.failures());
        }
    }

    /** A dry run's plan, written to a plan file and read back as an execution reads it. */
    private List<PlanEntry> dryRun(CleanupRequest.Builder request, String file, InMemoryRegistry registry) throws Exception {
        CleanupReport dry = ImageCleanup.run(request.execute(false).planFile(file).build(), host(), registry);
        List<PlanEntry> entries = CleanupPlanFile.readAll(java.nio.file.Files.readAllBytes(dir.resolve(file)), file).stream()
                .flatMap(p -> p.entries().stream()).toList();
        assertEquals(dry.totals().images(), entries.size());
        assertEquals(dry.totals().planned(), entries.stream().filter(PlanEntry::delete).count());
        return entries;
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

        assertEquals(8, report.totals().deleted());
        assertEquals(8, report.repositories().size());
        assertEquals(new CleanupTotals(2, 1, 10, 1, 10, 0, 0), report.repositories().get("cleanup-test/r5"));
        assertEquals(3, registry.mostAtOnce.get(), "at most 3 repositories at once, and that many");
        assertEquals(Map.of("delete", 8L, "list", 8L), report.apiCalls());
    }

    @Test
    void theReportNamesItsPolicyAndListsTheFirstDeletionsOfEachRepositoryWhatADryRunPlansAndWhatAnExecutionDeleted() throws Exception {
        // 150 old untagged images in one repository, 3 in another, 1 tagged image each.
        List<RepositoryListing> listings = new ArrayList<>();
        for (String repository : List.of("list-test/big", "list-test/small")) {
            List<ImageRecord> images = new ArrayList<>();
            int untagged = repository.endsWith("big") ? 150 : 3;
            for (int i = 0; i < untagged; i++) {
                images.add(new ImageRecord("sha256:" + String.format("%064x", repository.hashCode() * 1000L + i), List.of(), NOW.minusSeconds(7200 + i),
                        10, "application/vnd.oci.image.manifest.v1+json", List.of()));
            }
            images.add(new ImageRecord("sha256:" + String.format("%064x", repository.hashCode() * 1000L + 999), List.of("latest"), NOW.minusSeconds(60),
                    10, "application/vnd.oci.image.manifest.v1+json", List.of()));
            listings.add(new RepositoryListing(repository, images));
        }
        InMemoryRegistry registry = new InMemoryRegistry(listings, 0);
        CleanupPolicy policy = CleanupPolicy.builder().repositoryPattern("list-test/.*").untaggedOlderThan("1h").protectedTag("latest").build();

        CleanupReport dry = ImageCleanup.run(CleanupRequest.builder(policy).registry("memory.test").build(), host(), registry);
        CleanupReport done = ImageCleanup.run(CleanupRequest.builder(policy).registry("memory.test").execute(true).build(), host(), registry);

        for (CleanupReport report : List.of(dry, done)) {
            assertEquals(policy.describe(), report.policy());
            Map<String, Long> listed = report.deletions().stream().collect(Collectors.groupingBy(PlanEntry::repository, Collectors.counting()));
            assertEquals(Map.of("list-test/big", (long) CleanupTally.LISTED_PER_REPOSITORY, "list-test/small", 3L), listed);
            assertTrue(report.deletions().stream().allMatch(e -> e.delete() && e.tags().isEmpty()), report.deletions().toString());
        }
        assertEquals(153, dry.totals().planned());
        assertEquals(0, dry.totals().deleted());
        assertEquals(153, done.totals().deleted());
        // Oldest first within a repository.
        List<PlanEntry> small = done.deletions().stream().filter(e -> e.repository().equals("list-test/small")).toList();
        assertTrue(small.get(0).pushedAt().isBefore(small.get(2).pushedAt()), small.toString());
    }

    @Test
    void theReportListsAThousandDeletionsInAllHoweverManyRepositories() throws Exception {
        List<RepositoryListing> listings = new ArrayList<>();
        for (int r = 0; r < 12; r++) {
            List<ImageRecord> images = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                images.add(new ImageRecord("sha256:" + String.format("%064x", r * 1000L + i), List.of(), NOW.minusSeconds(7200), 10,
                        "application/vnd.oci.image.manifest.v1+json", List.of()));
            }
            listings.add(new RepositoryListing("many/r" + r, images));
        }
        CleanupPolicy policy = CleanupPolicy.builder().repositoryPattern("many/.*").untaggedOlderThan("1h").allowEmptyRepository(true).build();

        CleanupReport dry = ImageCleanup.run(CleanupRequest.builder(policy).registry("memory.test").build(), host(), new InMemoryRegistry(listings, 0));

        assertEquals(1200, dry.totals().planned());
        assertEquals(CleanupTally.LISTED, dry.deletions().size());
    }
}
