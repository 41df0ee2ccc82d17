package io.jenkins.plugins.ecrpipeline.localaws;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The repositories of every local account (ECR metadata; the images are in the registries), shared by the ECR API,
 * the registry token endpoint and the registry fronts, which all need to know what a repository is set to.
 */
final class EcrRepositories {
    private final Map<String, EcrRepository> byKey = new ConcurrentHashMap<>();

    private static String key(String account, String name) {
        return account + "/" + name;
    }

    Optional<EcrRepository> find(String account, String name) {
        return Optional.ofNullable(byKey.get(key(account, name)));
    }

    boolean exists(String account, String name) {
        return byKey.containsKey(key(account, name));
    }

    /** @return false when the account already has a repository of that name (nothing changes then) */
    boolean add(EcrRepository repository) {
        return byKey.putIfAbsent(key(repository.account(), repository.name()), repository) == null;
    }

    /** Replaces the repository's metadata with a changed copy (a lifecycle policy put or deleted). */
    void replace(EcrRepository repository) {
        byKey.put(key(repository.account(), repository.name()), repository);
    }

    void remove(EcrRepository repository) {
        byKey.remove(key(repository.account(), repository.name()));
    }

    /** The account's repositories, by name. */
    List<EcrRepository> of(String account) {
        return byKey.values().stream().filter(r -> r.account().equals(account)).sorted(Comparator.comparing(EcrRepository::name)).toList();
    }
}
