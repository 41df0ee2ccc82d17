package io.jenkins.plugins.ecrpipeline.promote;

import io.jenkins.plugins.ecrpipeline.Futures;
import io.jenkins.plugins.ecrpipeline.Retrying;
import io.jenkins.plugins.ecrpipeline.registry.Manifests;
import io.jenkins.plugins.ecrpipeline.registry.RegistryClient;
import io.jenkins.plugins.ecrpipeline.registry.RegistryException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Makes a manifest's blobs present in a target repository, several at a time: each blob is checked first (HEAD),
 * mounted when source and target are one registry, else streamed across; a failure that passes (no answer, 429, 5xx)
 * is tried again. The first lasting failure stops the copies still in flight and is thrown, so the caller writes no
 * manifest over missing blobs.
 */
final class BlobCopies {
    /**
     * Blobs in flight at once: skopeo's default (containers/image copies 6 layers at a time). A single stream is held
     * back by per-request latency and by the registry hashing each upload on one core; six keep a 2-core agent and the
     * registry busy without a seventh stream adding more than it costs (each stream is two connections, and a
     * registry such as ECR throttles a burst of uploads).
     */
    static final int PARALLEL = 6;

    /** How a blob reached the target. */
    enum Outcome { PRESENT, MOUNTED, COPIED }

    /** One blob of the manifest and what was done for it. */
    record Placed(Manifests.Descriptor blob, Outcome outcome) {
    }

    private final Retrying retrying;

    BlobCopies(Retrying retrying) {
        this.retrying = retrying;
    }

    /**
     * @return one entry per blob of {@code blobs}, in order; a digest listed twice is {@link Outcome#PRESENT} the second
     *     time, as the target holds it by then
     */
    List<Placed> place(RegistryClient from, String fromRepository, RegistryClient to, String toRepository, List<Manifests.Descriptor> blobs)
            throws InterruptedException {
        Map<String, Manifests.Descriptor> distinct = new LinkedHashMap<>();
        blobs.forEach(blob -> distinct.putIfAbsent(blob.digest(), blob));
        Map<String, Outcome> outcomes = new LinkedHashMap<>();
        if (!distinct.isEmpty()) {
            ExecutorService threads = Futures.daemonThreads(Math.min(PARALLEL, distinct.size()), "promote-blob-copy");
            try {
                CompletionService<Placed> copies = new ExecutorCompletionService<>(threads);
                boolean sameRegistry = from.registry().equals(to.registry());
                for (Manifests.Descriptor blob : distinct.values()) {
                    copies.submit(() -> new Placed(blob, retrying.call(Retrying.Counter.NONE, "copy blob", BlobCopies::passing,
                            () -> placeOne(from, fromRepository, to, toRepository, blob, sameRegistry))));
                }
                // In the order they finish, so that the first lasting failure stops the others at once.
                for (int i = 0; i < distinct.size(); i++) {
                    Placed placed = Futures.result(copies.take());
                    outcomes.put(placed.blob().digest(), placed.outcome());
                }
            } finally {
                threads.shutdownNow();
                // A failed promotion reports only after the copies it stopped have let go of their connections; a stop
                // during that wait keeps its flag but does not replace what is being thrown (the copy's own failure).
                try {
                    threads.awaitTermination(1, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        List<Placed> placed = new ArrayList<>();
        for (Manifests.Descriptor blob : blobs) {
            Outcome outcome = outcomes.remove(blob.digest());
            placed.add(new Placed(blob, outcome != null ? outcome : Outcome.PRESENT));
        }
        return placed;
    }

    private static Outcome placeOne(RegistryClient from, String fromRepository, RegistryClient to, String toRepository,
            Manifests.Descriptor blob, boolean sameRegistry) throws InterruptedException {
        if (to.hasBlob(toRepository, blob.digest())) {
            return Outcome.PRESENT;
        }
        if (sameRegistry && to.mountBlob(toRepository, blob.digest(), fromRepository)) {
            return Outcome.MOUNTED;
        }
        to.copyBlob(from, fromRepository, toRepository, blob);
        return Outcome.COPIED;
    }

    private static boolean passing(RuntimeException e) {
        return e instanceof RegistryException answer && answer.isTransient();
    }
}
