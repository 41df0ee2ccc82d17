package io.jenkins.plugins.ecrpipeline.cleanup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Properties of the planner over random repositories (indexes with shared children, tags, ages, images pushed after the
 * snapshot) and random policies, one seeded {@link Random} per case so a failure names its seed: a plan never holds a
 * protected, in-use, build-cache, kept, kept-index-child or post-snapshot image; executing it and planning again plans
 * only the children of just-deleted indexes; planning is deterministic.
 */
class PlannerPropertiesTest {
    private static final int CASES = 1500;
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static final String[] TAGS = {"intermediate", "production", "latest", "v1.2.3", "v2.0.0", "main-20261101", "main-20261102",
        "main-20261103", "main-20261104", "feature-a-20261101", "feature-a-20261102", "feature-b-20261101", "candidate", "qa", "nightly"};
    private static final String INDEX = "application/vnd.oci.image.index.v1+json";
    private static final String IMAGE = "application/vnd.oci.image.manifest.v1+json";

    record Case(List<RepositoryListing> listings, CleanupPolicy policy, List<InUse> inUse) {
    }

    @Test
    void aPlanNeverHoldsAnImageThatMustBeKept() {
        int planned = 0;
        for (long seed = 0; seed < CASES; seed++) {
            Case c = randomCase(new Random(seed));
            // Odd seeds plan as for a registry whose API cannot list untagged manifests: children go with their index.
            boolean childrenWithIndex = seed % 2 == 1;
            CleanupPlan plan = CleanupPlanner.plan(c.policy(), c.inUse(), "registry.test", NOW, c.listings(), childrenWithIndex);
            planned += plan.imagesToDelete();
            for (RepositoryListing listing : c.listings()) {
                Set<String> deleted = deletedIn(plan, listing.repository());
                Set<String> referenced = listing.images().stream().filter(i -> !childrenWithIndex || !deleted.contains(i.digest()))
                        .flatMap(i -> i.children().stream()).collect(Collectors.toSet());
                for (ImageRecord image : listing.images()) {
                    if (!deleted.contains(image.digest())) {
                        continue;
                    }
                    String where = "seed " + seed + ", " + listing.repository() + " " + image;
                    assertFalse(image.pushedAt().isAfter(NOW), "post-snapshot image planned: " + where);
                    assertFalse(referenced.contains(image.digest()), (childrenWithIndex ? "an image a kept index references planned: "
                            : "an image an index references planned: ") + where);
                    assertFalse(image.tags().stream().anyMatch(t -> c.policy().protectedTags().stream().anyMatch(t::matches)),
                            "protected image planned: " + where);
                    assertFalse(image.tags().contains(c.policy().buildCacheTag()), "build cache image planned: " + where);
                    assertFalse(c.inUse().stream().anyMatch(u -> u.matches(listing.repository(), image)), "in-use image planned: " + where);
                }
                for (CleanupRule rule : c.policy().rules()) {
                    if (rule instanceof CleanupRule.KeepNewest keep) {
                        for (List<ImageRecord> group : groups(keep, listing).values()) {
                            for (ImageRecord kept : group.subList(0, Math.min(keep.keep(), group.size()))) {
                                assertFalse(deleted.contains(kept.digest()), "seed " + seed + ": one of the newest " + keep.keep()
                                        + " of a tag group planned: " + kept);
                            }
                        }
                    }
                }
                if (!c.policy().allowEmptyRepository() && !listing.images().isEmpty()) {
                    assertTrue(deleted.size() < listing.images().size(), "seed " + seed + ": " + listing.repository() + " emptied");
                }
            }
        }
        assertTrue(planned > CASES * 3, "the random policies deleted too little to test anything: " + planned);
    }

    @Test
    void executingAPlanThenPlanningAgainPlansOnlyTheChildrenOfDeletedIndexes() {
        int sawChildrenPickedUp = 0;
        for (long seed = 0; seed < CASES; seed++) {
            Case c = randomCase(new Random(seed));
            CleanupPlan first = CleanupPlanner.plan(c.policy(), c.inUse(), "registry.test", NOW, c.listings());
            Set<String> waiting = first.entries().stream().filter(e -> !e.delete() && e.reason().startsWith(CleanupPlanner.CHILD_OF_DELETED))
                    .map(e -> e.repository() + "@" + e.digest()).collect(Collectors.toSet());
            List<RepositoryListing> after = c.listings().stream().map(l -> new RepositoryListing(l.repository(), l.images().stream()
                    .filter(i -> !deletedIn(first, l.repository()).contains(i.digest())).toList())).toList();

            CleanupPlan second = CleanupPlanner.plan(c.policy(), c.inUse(), "registry.test", NOW, after);

            for (PlanEntry e : second.deletions()) {
                assertTrue(waiting.contains(e.repository() + "@" + e.digest()), "seed " + seed + ": the second plan deletes " + e
                        + ", which the first neither deleted nor left for the next run");
                sawChildrenPickedUp++;
            }
        }
        assertTrue(sawChildrenPickedUp > 0, "the generator never produced a deleted index with deletable children");
    }

    @Test
    void whereChildrenGoWithTheirIndexPlanningAgainAfterExecutingPlansNothing() {
        int sawChildrenWithIndex = 0;
        for (long seed = 0; seed < CASES; seed++) {
            Case c = randomCase(new Random(seed));
            CleanupPlan first = CleanupPlanner.plan(c.policy(), c.inUse(), "registry.test", NOW, c.listings(), true);
            sawChildrenWithIndex += (int) first.deletions().stream().filter(e -> e.reason().startsWith("platform image of deleted index")).count();
            List<RepositoryListing> after = c.listings().stream().map(l -> new RepositoryListing(l.repository(), l.images().stream()
                    .filter(i -> !deletedIn(first, l.repository()).contains(i.digest())).toList())).toList();

            CleanupPlan second = CleanupPlanner.plan(c.policy(), c.inUse(), "registry.test", NOW, after, true);

            assertEquals(List.of(), second.deletions(), "seed " + seed);
        }
        assertTrue(sawChildrenWithIndex > 0, "the generator never deleted a platform image with its index");
    }

    @Test
    void planningIsDeterministicWhateverTheListingOrder() {
        for (long seed = 0; seed < CASES / 3; seed++) {
            Random random = new Random(seed);
            Case c = randomCase(random);
            CleanupPlan plan = CleanupPlanner.plan(c.policy(), c.inUse(), "registry.test", NOW, c.listings());
            List<RepositoryListing> shuffled = new ArrayList<>();
            for (RepositoryListing l : c.listings()) {
                List<ImageRecord> images = new ArrayList<>(l.images());
                Collections.shuffle(images, random);
                shuffled.add(new RepositoryListing(l.repository(), images));
            }
            Collections.shuffle(shuffled, random);
            assertEquals(plan, CleanupPlanner.plan(c.policy(), c.inUse(), "registry.test", NOW, shuffled), "seed " + seed);
            assertEquals(CleanupPlanner.plan(c.policy(), c.inUse(), "registry.test", NOW, c.listings(), true),
                    CleanupPlanner.plan(c.policy(), c.inUse(), "registry.test", NOW, shuffled, true), "seed " + seed);
            // Repository by repository (as a run plans) the plan is the same, whatever the order of the listing.
            for (int r = 0; r < c.listings().size(); r++) {
                RepositoryListing listing = c.listings().get(r);
                RepositoryListing same = shuffled.stream().filter(l -> l.repository().equals(listing.repository())).findFirst().orElseThrow();
                RepositoryPlan alone = CleanupPlanner.planRepository(c.policy(), c.inUse(), NOW, listing, false);
                assertEquals(alone, CleanupPlanner.planRepository(c.policy(), c.inUse(), NOW, same, false), "seed " + seed);
                assertEquals(plan.entries().stream().filter(e -> e.repository().equals(listing.repository())).toList(), alone.entries(), "seed " + seed);
                assertEquals(CleanupPlanFile.json("registry.test", NOW, List.of(alone)),
                        CleanupPlanFile.json("registry.test", NOW, List.of(CleanupPlanner.planRepository(c.policy(), c.inUse(), NOW, same, false))));
            }
        }
    }

    private static Set<String> deletedIn(CleanupPlan plan, String repository) {
        return plan.deletions().stream().filter(e -> e.repository().equals(repository)).map(PlanEntry::digest).collect(Collectors.toSet());
    }

    /** The tag groups of a keep rule, newest first, as the policy defines them (images pushed after the snapshot left out). */
    private static Map<String, List<ImageRecord>> groups(CleanupRule.KeepNewest keep, RepositoryListing listing) {
        Pattern p = Pattern.compile(keep.tagGroup());
        Map<String, List<ImageRecord>> groups = new java.util.HashMap<>();
        for (ImageRecord image : listing.images()) {
            if (image.pushedAt().isAfter(NOW)) {
                continue;
            }
            for (String tag : image.tags()) {
                Matcher m = p.matcher(tag);
                if (m.matches()) {
                    List<ImageRecord> g = groups.computeIfAbsent(m.groupCount() > 0 && m.group(1) != null ? m.group(1) : "", k -> new ArrayList<>());
                    if (!g.contains(image)) {
                        g.add(image);
                    }
                }
            }
        }
        groups.values().forEach(g -> g.sort(java.util.Comparator.comparing(ImageRecord::pushedAt).reversed().thenComparing(ImageRecord::digest)));
        return groups;
    }

    static Case randomCase(Random random) {
        List<RepositoryListing> listings = new ArrayList<>();
        int repositories = 1 + random.nextInt(3);
        for (int r = 0; r < repositories; r++) {
            listings.add(randomRepository(random, "cleanup-test/repo" + r));
        }
        CleanupPolicy.Builder policy = CleanupPolicy.builder().repositoryPattern("cleanup-test/.*")
                .buildCacheTag(random.nextBoolean() ? "intermediate" : null).allowEmptyRepository(random.nextInt(4) == 0);
        List<CleanupRule> pool = new ArrayList<>(List.of(new CleanupRule.UntaggedOlderThan(Duration.ofDays(random.nextInt(10))),
                new CleanupRule.KeepNewest(random.nextInt(4), "(main|feature-[a-z])-\\d{8}"),
                new CleanupRule.KeepNewest(random.nextInt(3), "v(\\d+)\\..*"),
                new CleanupRule.TaggedOlderThan(Duration.ofDays(random.nextInt(30)), random.nextBoolean() ? null : "feature-.*"),
                new CleanupRule.TaggedOlderThan(Duration.ofDays(random.nextInt(60)), null)));
        Collections.shuffle(pool, random);
        pool.stream().limit(1 + random.nextInt(pool.size())).forEach(policy::rule);
        if (random.nextBoolean()) {
            policy.protectedTag("production");
        }
        if (random.nextBoolean()) {
            policy.protectedTag("v\\d+\\.\\d+\\.\\d+");
        }
        List<InUse> inUse = new ArrayList<>();
        for (RepositoryListing l : listings) {
            for (ImageRecord i : l.images()) {
                int pick = random.nextInt(12);
                if (pick == 0) {
                    inUse.add(new InUse(null, i.digest(), null));
                } else if (pick == 1) {
                    inUse.add(new InUse(l.repository(), i.digest(), null));
                } else if (pick == 2 && !i.tags().isEmpty()) {
                    inUse.add(new InUse(l.repository(), null, i.tags().get(0)));
                }
            }
        }
        return new Case(listings, policy.build(), inUse);
    }

    private static RepositoryListing randomRepository(Random random, String name) {
        List<ImageRecord> images = new ArrayList<>();
        Set<String> usedTags = new HashSet<>();
        int platformImages = random.nextInt(25);
        for (int i = 0; i < platformImages; i++) {
            images.add(new ImageRecord(digest(random), randomTags(random, usedTags, 3), pushed(random), 1000 + random.nextInt(100000), IMAGE, List.of()));
        }
        int indexes = platformImages == 0 ? 0 : random.nextInt(6);
        for (int i = 0; i < indexes; i++) {
            List<String> children = new ArrayList<>();
            int n = 1 + random.nextInt(3);
            for (int c = 0; c < n; c++) {
                // Shared children: two indexes may reference the same platform image.
                String child = images.get(random.nextInt(platformImages)).digest();
                if (!children.contains(child)) {
                    children.add(child);
                }
            }
            images.add(new ImageRecord(digest(random), randomTags(random, usedTags, 2), pushed(random), 500, INDEX, children));
        }
        return new RepositoryListing(name, images);
    }

    /** A tag names one image of a repository. Platform images are mostly untagged, as buildx pushes them. */
    private static List<String> randomTags(Random random, Set<String> used, int max) {
        List<String> tags = new ArrayList<>();
        int n = random.nextInt(max + 1) - 1;
        for (int i = 0; i < n; i++) {
            String tag = TAGS[random.nextInt(TAGS.length)];
            if (used.add(tag)) {
                tags.add(tag);
            }
        }
        return tags;
    }

    private static Instant pushed(Random random) {
        // One in twenty is pushed while the cleanup runs, after its snapshot.
        return random.nextInt(20) == 0 ? NOW.plusSeconds(1 + random.nextInt(600)) : NOW.minus(Duration.ofMinutes(random.nextInt(60 * 24 * 90)));
    }

    private static String digest(Random random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return "sha256:" + HexFormat.of().formatHex(bytes);
    }

}
