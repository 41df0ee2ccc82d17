package io.jenkins.plugins.ecrpipeline.cleanup;

import java.io.Serializable;
import java.util.List;

/** Where a cleanup lists and deletes: ECR's API or a registry's HTTP API. Implementations are safe from several threads. */
public interface CleanupBackend extends AutoCloseable {
    /** The registry host, as plans name it. */
    String registry();

    /** Every repository of the registry, sorted (for repository patterns). */
    List<String> repositories() throws InterruptedException;

    /** Every manifest of the repository, with what each index references. */
    RepositoryListing list(String repository) throws InterruptedException;

    /** Deletes the manifests in the order given (indexes come first); what could not be deleted is in the result. */
    DeleteResult delete(String repository, List<PlanEntry> images) throws InterruptedException;

    ApiCalls calls();

    /**
     * Whether the platform images of a deleted index are deleted with it, right after it. Registries whose API cannot
     * list untagged manifests say yes (a next run would never see them); ECR says no: it refuses to delete an image an
     * index still references, and the next run finds them untagged.
     */
    default boolean deletesChildrenWithIndex() {
        return false;
    }

    @Override
    void close();

    /**
     * What a delete did.
     *
     * @param deleted the digests now gone
     * @param failures every image that could not be deleted, with the registry's code and reason
     */
    record DeleteResult(List<String> deleted, List<DeleteFailure> failures) implements Serializable {
        private static final long serialVersionUID = 1L;

        public DeleteResult {
            deleted = List.copyOf(deleted);
            failures = List.copyOf(failures);
        }
    }

    /** One image a delete could not remove: ECR's {@code failures[]} entry, or the registry's answer. */
    record DeleteFailure(String repository, String digest, String code, String reason) implements Serializable {
        private static final long serialVersionUID = 1L;
    }
}
