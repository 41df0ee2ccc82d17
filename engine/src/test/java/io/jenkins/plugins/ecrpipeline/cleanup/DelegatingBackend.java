package io.jenkins.plugins.ecrpipeline.cleanup;

import java.util.List;

/** A backend that passes everything on, for tests that step in between. */
class DelegatingBackend implements CleanupBackend {
    private final CleanupBackend inner;

    DelegatingBackend(CleanupBackend inner) {
        this.inner = inner;
    }

    @Override
    public String registry() {
        return inner.registry();
    }

    @Override
    public List<String> repositories() throws InterruptedException {
        return inner.repositories();
    }

    @Override
    public RepositoryListing list(String repository) throws InterruptedException {
        return inner.list(repository);
    }

    @Override
    public DeleteResult delete(String repository, List<PlanEntry> images) throws InterruptedException {
        return inner.delete(repository, images);
    }

    @Override
    public ApiCalls calls() {
        return inner.calls();
    }

    @Override
    public boolean deletesChildrenWithIndex() {
        return inner.deletesChildrenWithIndex();
    }

    @Override
    public void close() {
        inner.close();
    }
}
