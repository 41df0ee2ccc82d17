package io.jenkins.plugins.ecrpipeline.cleanup;

import io.jenkins.plugins.ecrpipeline.aws.AssumeRoleSettings;
import io.jenkins.plugins.ecrpipeline.aws.AwsEnvironment;
import io.jenkins.plugins.ecrpipeline.aws.AwsSession;
import io.jenkins.plugins.ecrpipeline.aws.AwsSessionSettings;
import io.jenkins.plugins.ecrpipeline.ecr.EcrAuthorizationRequest;
import io.jenkins.plugins.ecrpipeline.localaws.LocalEcrFixture;
import io.jenkins.plugins.ecrpipeline.process.Host;
import io.jenkins.plugins.ecrpipeline.process.Secret;
import io.jenkins.plugins.ecrpipeline.registry.Manifests;
import io.jenkins.plugins.ecrpipeline.registry.RegistryClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.ecr.model.AuthorizationData;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;

/**
 * Images in the local ECR for cleanup tests, pushed without docker: tiny unique blobs through the registry API, then
 * the manifest with ECR's PutImage (single-arch images and indexes over them), and a host that runs no command.
 */
public final class CleanupFixture implements AutoCloseable {
    public static final String OWN = "111111111111";
    public static final String OTHER = "222222222222";
    /** The role that reaches the other account from the agent's instance role. */
    public static final String OTHER_ROLE = "arn:aws:iam::" + OTHER + ":role/jenkins-agent";
    private static final AtomicInteger UNIQUE = new AtomicInteger();

    public final LocalEcrFixture aws;
    final Map<String, String> env = new HashMap<>();
    final List<String> console = Collections.synchronizedList(new ArrayList<>());
    public final AwsSession session;
    private final String account;
    private final RegistryClient registry;

    /** Images in the agent's own account. */
    public CleanupFixture(LocalEcrFixture aws) throws InterruptedException {
        this(aws, OWN);
    }

    /** Images in {@code account}: the agent's own, or {@link #OTHER} through {@link #OTHER_ROLE}. */
    public CleanupFixture(LocalEcrFixture aws, String account) throws InterruptedException {
        this.aws = aws;
        this.account = account;
        env.put("HOME", aws.dir.resolve("home").toString());
        env.put("AWS_EC2_METADATA_SERVICE_ENDPOINT", aws.server.endpoint() + "/");
        AwsSessionSettings own = settings();
        session = AwsSession.open(account.equals(OWN) ? own
                : own.withAssumeRole(new AssumeRoleSettings(OTHER_ROLE, null, "cleanup-fixture", Duration.ofHours(1))), AwsEnvironment.of(env));
        String password = new String(Base64.getDecoder().decode(auth().authorizationToken()), StandardCharsets.UTF_8).substring(4);
        registry = new RegistryClient(java.net.http.HttpClient.newHttpClient(), host(), new RegistryClient.Login("AWS", Secret.of(password)));
    }

    AwsSessionSettings settings() {
        return new AwsSessionSettings(null, aws.server.endpoint(), null, Duration.ofSeconds(2));
    }

    EcrAuthorizationRequest ecrLogin() {
        return EcrAuthorizationRequest.ownAccount(settings());
    }

    /** This account's registry host. */
    public String host() {
        return aws.server.registryHosts().get(account);
    }

    AuthorizationData auth() {
        return session.ecr().getAuthorizationToken().authorizationData().get(0);
    }

    public void createRepository(String name) {
        session.ecr().createRepository(r -> r.repositoryName(name));
    }

    /** A repository with a tag mutability setting and, for the {@code *_WITH_EXCLUSION} settings, wildcard exclusions. */
    public void createRepository(String name, String mutability, String... exclusions) {
        session.ecr().createRepository(r -> r.repositoryName(name).imageTagMutability(mutability).imageTagMutabilityExclusionFilters(
                java.util.Arrays.stream(exclusions).map(e -> software.amazon.awssdk.services.ecr.model.ImageTagMutabilityExclusionFilter.builder()
                        .filterType("WILDCARD").filter(e).build()).toList()));
    }

    /** Every image of a repository as ECR lists it: digest to its sorted tags (empty for an untagged image). */
    public Map<String, List<String>> images(String repository) {
        Map<String, List<String>> images = new java.util.TreeMap<>();
        session.ecr().describeImagesPaginator(r -> r.repositoryName(repository)).imageDetails()
                .forEach(d -> images.put(d.imageDigest(), d.imageTags().stream().sorted().toList()));
        return images;
    }

    /** A host whose clock runs {@code ahead} of now (so that what was just pushed looks that old) and that runs no command. */
    Host host(Duration ahead) throws Exception {
        Path temp = Files.createDirectories(aws.dir.resolve("host-temp"));
        return Host.local(env).runner((command, output) -> {
            throw new AssertionError("a cleanup ran a command: " + command.display());
        }).workspace(aws.dir).tempDirectory(temp).clock(Clock.offset(Clock.systemUTC(), ahead)).console(console::add).build();
    }

    /** Pushes a unique single-arch image (config and one layer); returns its digest. */
    public String pushImage(String repository, String tag) throws InterruptedException {
        int n = UNIQUE.incrementAndGet();
        byte[] layer = ("layer " + n + " " + System.nanoTime()).getBytes(StandardCharsets.UTF_8);
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"created\":\"2026-11-01T00:00:00Z\",\"rootfs\":{\"type\":\"layers\","
                + "\"diff_ids\":[\"" + Manifests.digest(layer) + "\"]},\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8);
        registry.putBlob(repository, layer);
        registry.putBlob(repository, config);
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"" + Manifests.DOCKER_MANIFEST + "\",\"config\":{\"mediaType\":"
                + "\"application/vnd.docker.container.image.v1+json\",\"size\":" + config.length + ",\"digest\":\"" + Manifests.digest(config)
                + "\"},\"layers\":[{\"mediaType\":\"application/vnd.docker.image.rootfs.diff.tar.gzip\",\"size\":" + layer.length
                + ",\"digest\":\"" + Manifests.digest(layer) + "\"}]}";
        return put(repository, tag, manifest, Manifests.DOCKER_MANIFEST);
    }

    /** Pushes a manifest list over the given platform images; returns its digest. */
    String pushIndex(String repository, String tag, String... children) {
        StringBuilder index = new StringBuilder("{\"schemaVersion\":2,\"mediaType\":\"" + Manifests.DOCKER_LIST + "\",\"manifests\":[");
        for (int i = 0; i < children.length; i++) {
            String child = children[i];
            int size = session.ecr().batchGetImage(r -> r.repositoryName(repository).imageIds(ImageIdentifier.builder().imageDigest(child).build())
                    .acceptedMediaTypes(Manifests.ALL)).images().get(0).imageManifest().getBytes(StandardCharsets.UTF_8).length;
            index.append(i == 0 ? "" : ",").append("{\"mediaType\":\"").append(Manifests.DOCKER_MANIFEST).append("\",\"digest\":\"").append(child)
                    .append("\",\"size\":").append(size).append(",\"platform\":{\"architecture\":\"").append(i == 0 ? "amd64" : "arm64")
                    .append("\",\"os\":\"linux\"}}");
        }
        return put(repository, tag, index.append("]}").toString(), Manifests.DOCKER_LIST);
    }

    private String put(String repository, String tag, String manifest, String mediaType) {
        return session.ecr().putImage(r -> r.repositoryName(repository).imageTag(tag).imageManifest(manifest).imageManifestMediaType(mediaType))
                .image().imageId().imageDigest();
    }

    /** The registry's answer to a manifest GET by digest: 200 while it exists, 404 once deleted. */
    int registryStatus(String repository, String digest) throws Exception {
        return aws.registryManifestStatus(auth(), repository, digest);
    }

    @Override
    public void close() {
        session.close();
    }
}
