package io.jenkins.plugins.ecrpipeline.cleanup;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * What a {@link CleanupRule} selects from: one repository's decisions so far, the plan's snapshot time, and where the
 * rule stands in the policy ({@code (rules[2])}), which each reason names.
 */
final class RuleSelection {
    private final Collection<Decision> decisions;
    private final Instant snapshotAt;
    private final String where;

    RuleSelection(Collection<Decision> decisions, Instant snapshotAt, String where) {
        this.decisions = decisions;
        this.snapshotAt = snapshotAt;
        this.where = where;
    }

    /** Every image of the repository, decided or not. */
    Collection<Decision> all() {
        return decisions;
    }

    /** The images neither a protection nor an earlier rule decided, in listing order. */
    List<Decision> undecided() {
        return decisions.stream().filter(Decision::undecided).toList();
    }

    Instant snapshotAt() {
        return snapshotAt;
    }

    String where() {
        return where;
    }
}
