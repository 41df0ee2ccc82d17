package io.jenkins.plugins.ecrpipeline.cleanup;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A backend over listings held in memory, with ECR's refusal to delete an image an index still references
 * ({@code ImageReferencedByManifestList}), so a plan that ordered deletes wrongly fails here as it would in ECR.
 * Counts how many repositories are worked on at once.
 */
class InMemoryRegistry implements CleanupBackend {
    private final Map<String, List<ImageRecord>> repositories = new TreeMap<>();
    private final ApiCalls calls = new ApiCalls();
    private final AtomicInteger active = new AtomicInteger();
    final AtomicInteger mostAtOnce = new AtomicInteger();
    private final long delayMillis;

    InMemoryRegistry(List<RepositoryListing> listings, long delayMillis) {
        listings.forEach(l -> repositories.put(l.repository(), new ArrayList<>(l.images())));
        this.delayMillis = delayMillis;
    }

    @Override
    public String registry() {
        return "memory.test";
    }

    @Override
    public synchronized List<String> repositories() {
        return List.copyOf(repositories.keySet());
    }

    private void enter() throws InterruptedException {
        mostAtOnce.accumulateAndGet(active.incrementAndGet(), Math::max);
        Thread.sleep(delayMillis);
    }

    @Override
    public RepositoryListing list(String repository) throws InterruptedException {
        enter();
        try {
            calls.call("list");
            synchronized (this) {
                return new RepositoryListing(repository, List.copyOf(repositories.get(repository)));
            }
        } finally {
            active.decrementAndGet();
        }
    }

    @Override
    public DeleteResult delete(String repository, List<PlanEntry> images) throws InterruptedException {
        enter();
        try {
            calls.call("delete");
            List<String> deleted = new ArrayList<>();
            List<DeleteFailure> failures = new ArrayList<>();
            synchronized (this) {
                List<ImageRecord> held = repositories.get(repository);
                for (PlanEntry e : images) {
                    if (held.stream().anyMatch(i -> i.children().contains(e.digest()))) {
                        failures.add(new DeleteFailure(repository, e.digest(), "ImageReferencedByManifestList", "referenced by an index"));
                    } else if (held.removeIf(i -> i.digest().equals(e.digest()))) {
                        deleted.add(e.digest());
                    } else {
                        failures.add(new DeleteFailure(repository, e.digest(), "ImageNotFound", "not there"));
                    }
                }
            }
            return new DeleteResult(deleted, failures);
        } finally {
            active.decrementAndGet();
        }
    }

    synchronized List<RepositoryListing> listings() {
        List<RepositoryListing> all = new ArrayList<>();
        repositories.forEach((name, images) -> all.add(new RepositoryListing(name, List.copyOf(images))));
        return all;
    }

    @Override
    public ApiCalls calls() {
        return calls;
    }

    @Override
    public void close() {
    }
}
