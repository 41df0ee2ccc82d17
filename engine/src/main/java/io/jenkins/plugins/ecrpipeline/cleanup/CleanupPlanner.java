package io.jenkins.plugins.ecrpipeline.cleanup;

import io.jenkins.plugins.ecrpipeline.intermediatebuild.BuildCacheTag;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Decides, from one listing, what a policy deletes: a pure function (same listing and policy, same plan). Safe by
 * construction: protected, in-use, build-cache and kept images are never planned, an image with any kept tag is
 * kept whole (a delete rule selects an image only when it selects every tag of it), nothing a kept index references is planned, an unwanted index is planned without its children (ECR
 * refuses to delete them while it exists; the next run picks them up), nothing pushed after the snapshot is planned,
 * and a repository is not emptied unless the policy allows it.
 */
final class CleanupPlanner {
    static final String AFTER_SNAPSHOT = "pushed after the plan's snapshot";
    static final String NO_RULE = "no rule selects it";
    static final String CHILD_OF_DELETED = "referenced by index being deleted ";

    private CleanupPlanner() {
    }

    public static CleanupPlan plan(CleanupPolicy policy, List<InUse> inUse, String registry, Instant snapshotAt, List<RepositoryListing> listings) {
        return plan(policy, inUse, registry, snapshotAt, listings, false);
    }

    /**
     * @param childrenWithIndex plan the untagged platform images of a deleted index with it (after it), when nothing else
     *     keeps them: for registries that cannot list untagged manifests, where a next run would never find them
     */
    public static CleanupPlan plan(CleanupPolicy policy, List<InUse> inUse, String registry, Instant snapshotAt, List<RepositoryListing> listings,
            boolean childrenWithIndex) {
        List<PlanEntry> entries = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (RepositoryListing listing : listings.stream().sorted(Comparator.comparing(RepositoryListing::repository)).toList()) {
            RepositoryPlan plan = planRepository(policy, inUse, snapshotAt, listing, childrenWithIndex);
            entries.addAll(plan.entries());
            warnings.addAll(plan.warnings());
        }
        return new CleanupPlan(registry, snapshotAt, entries, warnings);
    }

    /**
     * One repository's plan. Every rule of a policy decides within one repository (in-use images are named per
     * repository or by digest), so planning repository by repository is the same plan as planning them all at once.
     *
     * @param inUse images in use besides the policy's own
     */
    public static RepositoryPlan planRepository(CleanupPolicy policy, List<InUse> inUse, Instant snapshotAt, RepositoryListing listing,
            boolean childrenWithIndex) {
        List<InUse> allInUse = new ArrayList<>(inUse);
        allInUse.addAll(policy.inUseImages());
        List<Pattern> protectedTags = policy.protectedTags().stream().map(Pattern::compile).toList();
        List<String> warnings = new ArrayList<>();
        List<PlanEntry> entries = planRepository(policy, allInUse, protectedTags, snapshotAt, listing, warnings, childrenWithIndex);
        return new RepositoryPlan(listing.repository(), entries, warnings);
    }

    private static List<PlanEntry> planRepository(CleanupPolicy policy, List<InUse> inUse, List<Pattern> protectedTags, Instant snapshotAt,
            RepositoryListing listing, List<String> warnings, boolean childrenWithIndex) {
        String repository = listing.repository();
        Map<String, Decision> decisions = new LinkedHashMap<>();
        listing.images().forEach(i -> decisions.put(i.digest(), new Decision(i)));

        for (Decision d : decisions.values()) {
            d.keep = directKeep(policy, inUse, protectedTags, snapshotAt, repository, d.image);
        }
        List<CleanupRule> rules = policy.rules();
        for (int r = 0; r < rules.size(); r++) {
            rules.get(r).select(new RuleSelection(decisions.values(), snapshotAt, " (rules[" + r + "])"));
        }
        // An image no rule selects stays; a keep found by a later keep rule wins over an earlier delete.
        for (Decision d : decisions.values()) {
            if (d.keep != null) {
                d.delete = null;
            } else if (d.delete == null) {
                d.keep = unselected(d.image, rules);
            }
        }
        keepWhatKeptIndexesReference(decisions);
        if (childrenWithIndex) {
            deleteUnkeptChildrenWithTheirIndex(decisions);
        } else {
            // A deleted index goes first; its children wait for the next run, when nothing references them any more.
            for (Decision index : decisions.values()) {
                if (index.delete == null || !index.image.isIndex()) {
                    continue;
                }
                for (String child : index.image.children()) {
                    Decision c = decisions.get(child);
                    if (c != null && c.delete != null) {
                        c.delete = null;
                        c.keep = CHILD_OF_DELETED + shortDigest(index.image.digest()) + " (next run)";
                    }
                }
            }
        }
        // A child index kept just now keeps its own children.
        keepWhatKeptIndexesReference(decisions);
        boolean anyDelete = decisions.values().stream().anyMatch(d -> d.delete != null);
        boolean anyStays = decisions.values().stream().anyMatch(d -> d.keep != null && !d.keep.startsWith(CHILD_OF_DELETED));
        if (anyDelete && !anyStays && !policy.allowEmptyRepository()) {
            warnings.add("refused to empty " + repository + ": the policy selects every image of it; allow it with allowEmptyRepository");
            for (Decision d : decisions.values()) {
                if (d.delete != null) {
                    d.keep = "refused: would empty the repository (" + d.delete + ")";
                    d.delete = null;
                }
            }
        }
        List<PlanEntry> entries = new ArrayList<>();
        for (Decision d : decisions.values()) {
            ImageRecord i = d.image;
            entries.add(new PlanEntry(repository, i.digest(), i.tags(), i.pushedAt(), i.size(), i.mediaType(), d.delete != null,
                    d.delete != null ? d.delete : d.keep));
        }
        entries.sort(Comparator.comparing(PlanEntry::pushedAt).reversed().thenComparing(PlanEntry::digest));
        return entries;
    }

    /**
     * The untagged platform images of a deleted index that nothing keeps (no kept index references them, no protection,
     * no rule that keeps) go with it, transitively.
     */
    private static void deleteUnkeptChildrenWithTheirIndex(Map<String, Decision> decisions) {
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Decision index : decisions.values()) {
                if (index.delete == null || !index.image.isIndex()) {
                    continue;
                }
                for (String child : index.image.children()) {
                    Decision c = decisions.get(child);
                    if (c != null && c.delete == null && NO_RULE.equals(c.keep) && c.image.tags().isEmpty()) {
                        c.keep = null;
                        c.delete = "platform image of deleted index " + shortDigest(index.image.digest());
                        changed = true;
                    }
                }
            }
        }
    }

    /**
     * Why no rule deleted an image: a tag no rule covers, tags covered by different rules (one rule must select every
     * tag), or, untagged or covered by one rule, the rule's age or position.
     */
    private static String unselected(ImageRecord image, List<CleanupRule> rules) {
        if (image.tags().isEmpty()) {
            return NO_RULE;
        }
        List<String> uncovered = image.tags().stream().filter(tag -> rules.stream().noneMatch(rule -> rule.coversTag(tag))).toList();
        if (!uncovered.isEmpty()) {
            return (uncovered.size() == 1 ? "tag " + uncovered.get(0) + " matches" : "tags " + String.join(", ", uncovered) + " match") + " no rule";
        }
        boolean oneRuleCoversAll = rules.stream().anyMatch(rule -> image.tags().stream().allMatch(rule::coversTag));
        return oneRuleCoversAll ? NO_RULE : "its tags match different rules; one rule must select every tag";
    }

    /** What a kept index references stays, transitively (an index of indexes). */
    private static void keepWhatKeptIndexesReference(Map<String, Decision> decisions) {
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Decision index : decisions.values()) {
                if (index.keep == null || !index.image.isIndex()) {
                    continue;
                }
                for (String child : index.image.children()) {
                    Decision c = decisions.get(child);
                    if (c != null && c.keep == null) {
                        c.delete = null;
                        c.keep = "referenced by kept index " + shortDigest(index.image.digest());
                        changed = true;
                    }
                }
            }
        }
    }

    private static String directKeep(CleanupPolicy policy, List<InUse> inUse, List<Pattern> protectedTags, Instant snapshotAt,
            String repository, ImageRecord image) {
        if (image.pushedAt().isAfter(snapshotAt)) {
            return AFTER_SNAPSHOT;
        }
        for (InUse use : inUse) {
            if (use.matches(repository, image)) {
                return "in use";
            }
        }
        for (String tag : image.tags()) {
            // The moving tag and its cache image (BuildCacheTag), which the next night's build reads.
            if (policy.buildCacheTag() != null && (tag.equals(policy.buildCacheTag()) || tag.equals(BuildCacheTag.of(policy.buildCacheTag())))) {
                return "build cache tag " + tag;
            }
            for (int p = 0; p < protectedTags.size(); p++) {
                if (protectedTags.get(p).matcher(tag).matches()) {
                    return "protected tag " + tag;
                }
            }
        }
        return null;
    }

    static String shortDigest(String digest) {
        return digest.length() > 19 ? digest.substring(0, 19) : digest;
    }
}
