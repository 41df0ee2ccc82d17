package io.jenkins.plugins.ecrpipeline.localaws;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * ECR's immutable tags in one account's registry, for PutImage and for manifest PUTs over the registry API alike: a
 * put that would point an immutable tag (IMMUTABLE, or as the {@code *_WITH_EXCLUSION} filters say) at another image
 * is refused; a put of the digest the tag already names is no move and goes ahead. Puts on immutable tags take turns,
 * so that of two racing pushes only the first can set the tag.
 */
final class TagImmutability {
    private final String account;
    private final EcrRepositories repositories;
    private final RegistryStorage storage;
    private final ReentrantLock immutablePuts = new ReentrantLock();

    TagImmutability(String account, EcrRepositories repositories, RegistryStorage storage) {
        this.account = account;
        this.repositories = repositories;
        this.storage = storage;
    }

    /** The registry write a put guards. */
    interface Write<T> {
        T run() throws IOException, InterruptedException;
    }

    /** Why a put was refused, worded as ECR words it (the same text for ImageTagAlreadyExistsException and TAG_INVALID). */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String tag, String repository) {
            super("The image tag '" + tag + "' already exists in the '" + repository
                    + "' repository and cannot be overwritten because the repository is immutable.");
        }
    }

    /**
     * Runs {@code write}, which puts the manifest with {@code digest} under {@code tag} (null: by digest only), unless
     * that moves an immutable tag.
     */
    <T> T put(String repository, String tag, String digest, Write<T> write) throws Refused, IOException, InterruptedException {
        Optional<EcrRepository> settings = repositories.find(account, repository);
        if (tag == null || settings.isEmpty() || !settings.get().immutableTag(tag)) {
            return write.run();
        }
        immutablePuts.lock();
        try {
            Optional<String> current = storage.tag(repository, tag);
            if (current.isPresent() && !current.get().equals(digest)) {
                throw new Refused(tag, repository);
            }
            return write.run();
        } finally {
            immutablePuts.unlock();
        }
    }
}
