package io.jenkins.plugins.ecrpipeline.cleanup;

import io.jenkins.plugins.ecrpipeline.process.Console;
import io.jenkins.plugins.ecrpipeline.process.Host;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a running cleanup keeps once a repository is done: counts per repository, and the failures, notes and warnings
 * a person must read (each also printed as it happens, and kept up to {@value #LISTED} so that a run where every
 * delete fails does not hold them all). Safe from several threads.
 */
final class CleanupTally {
    /** How many failures, notes or warnings a report lists; the console has every one. */
    static final int LISTED = 1000;
    /** How many deletions of one repository a report lists. */
    static final int LISTED_PER_REPOSITORY = 100;

    private final Console console;
    private final Map<String, CleanupTotals> repositories = new TreeMap<>();
    private final List<CleanupBackend.DeleteFailure> failures = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final List<PlanEntry> deletions = new ArrayList<>();
    private final Map<String, Integer> deletionsPerRepository = new java.util.HashMap<>();
    private long notesLeftOut;
    private long warningsLeftOut;
    private final AtomicLong planNanos = new AtomicLong();
    private final AtomicLong executeNanos = new AtomicLong();

    CleanupTally(Console console) {
        this.console = console;
    }

    synchronized void add(String repository, CleanupTotals totals) {
        repositories.merge(repository, totals, CleanupTotals::plus);
    }

    /** Keeps the first deletions (planned in a dry run, done in an execution) for the report; the rest are only counted. */
    synchronized void deletions(String repository, List<PlanEntry> entries) {
        int listed = deletionsPerRepository.getOrDefault(repository, 0);
        for (PlanEntry e : entries) {
            if (deletions.size() >= LISTED || listed >= LISTED_PER_REPOSITORY) {
                break;
            }
            deletions.add(e);
            listed++;
        }
        deletionsPerRepository.put(repository, listed);
    }

    synchronized void failed(CleanupBackend.DeleteFailure failure) {
        console.line("FAILED " + failure.repository() + "@" + failure.digest() + ": " + failure.code() + " (" + failure.reason() + ")");
        if (failures.size() < LISTED) {
            failures.add(failure);
        }
    }

    synchronized void note(String note) {
        console.line("note: " + note);
        if (notes.size() < LISTED) {
            notes.add(note);
        } else {
            notesLeftOut++;
        }
    }

    synchronized void warn(String warning) {
        if (warnings.size() < LISTED) {
            warnings.add(warning);
        } else {
            warningsLeftOut++;
        }
    }

    void planned(Duration took) {
        planNanos.addAndGet(took.toNanos());
    }

    void executed(Duration took) {
        executeNanos.addAndGet(took.toNanos());
    }

    synchronized CleanupTotals totals() {
        return repositories.values().stream().reduce(CleanupTotals.NONE, CleanupTotals::plus);
    }

    synchronized List<String> warnings() {
        List<String> all = new ArrayList<>(warnings);
        if (warningsLeftOut > 0) {
            all.add("and " + warningsLeftOut + " more warning(s), in the plan file");
        }
        return all;
    }

    synchronized CleanupReport report(String registry, Instant snapshotAt, boolean executed, CleanupPolicy policy, CleanupBackend backend, Host host,
            Instant started) {
        List<String> allNotes = new ArrayList<>(notes);
        if (notesLeftOut > 0) {
            allNotes.add("and " + notesLeftOut + " more note(s), in the log");
        }
        return new CleanupReport(registry, snapshotAt, executed, totals(), repositories, warnings(), failures, allNotes,
                backend.calls().byOperation(), backend.calls().retries(), Duration.ofNanos(planNanos.get()), Duration.ofNanos(executeNanos.get()),
                Duration.between(started, host.clock().instant()), policy == null ? null : policy.describe(), deletions);
    }
}
