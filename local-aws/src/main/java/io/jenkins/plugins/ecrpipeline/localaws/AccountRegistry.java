package io.jenkins.plugins.ecrpipeline.localaws;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;

/**
 * One account's registry as ECR presents it: a real {@code docker-registry} process, and in front of it the host
 * that clients push to and pull from ({@code repositoryUri}, {@code proxyEndpoint}), which adds what the registry
 * cannot do by itself: ECR's immutable tags, and layer downloads through redirects to signed URLs.
 */
final class AccountRegistry implements AutoCloseable {
    private final String account;
    private final RegistryProcess registry;
    private final RegistryFront front;
    private final TagImmutability tags;

    private AccountRegistry(String account, RegistryProcess registry, RegistryFront front, TagImmutability tags) {
        this.account = account;
        this.registry = registry;
        this.front = front;
        this.tags = tags;
    }

    static String serviceName(String account) {
        return "ecr-" + account;
    }

    /**
     * Starts the registry on a free port and its front on {@code fixedPort} (0: a free port too).
     *
     * @param repositories every account's repository settings, read for each manifest put by tag
     * @param tokens checks the bearer tokens that the token endpoint issued, as the registry would
     */
    static AccountRegistry start(String account, Path dir, URI tokenRealm, Path rootCertificate, int fixedPort, EcrRepositories repositories,
            RegistryTokenSigner tokens, Clock clock) throws IOException, InterruptedException {
        RegistryProcess registry = RegistryProcess.start(account, dir, tokenRealm, rootCertificate);
        try {
            TagImmutability tags = new TagImmutability(account, repositories, registry.storage());
            RegistryFront front = RegistryFront.start(fixedPort, registry.endpoint(),
                    (authorization, repository, action) -> tokens.allows(authorization, serviceName(account), repository, action), tags,
                    new BlobDownloads(registry.storage(), clock));
            return new AccountRegistry(account, registry, front, tags);
        } catch (IOException | RuntimeException e) {
            registry.close();
            throw e;
        }
    }

    String account() {
        return account;
    }

    /** Where clients push and pull: {@code 127.0.0.1:<port>} of the front. */
    String host() {
        return front.host();
    }

    URI endpoint() {
        return URI.create("http://" + host());
    }

    /** The registry itself, for the local ECR's own manifest puts and deletes (PutImage checks immutability itself). */
    URI registryEndpoint() {
        return registry.endpoint();
    }

    RegistryStorage storage() {
        return registry.storage();
    }

    BlobTraffic traffic() {
        return front.traffic();
    }

    TagImmutability tagImmutability() {
        return tags;
    }

    @Override
    public void close() {
        front.close();
        registry.close();
    }
}
