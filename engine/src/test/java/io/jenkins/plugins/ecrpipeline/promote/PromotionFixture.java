package io.jenkins.plugins.ecrpipeline.promote;

import io.jenkins.plugins.ecrpipeline.aws.AssumeRoleSettings;
import io.jenkins.plugins.ecrpipeline.aws.AwsEnvironment;
import io.jenkins.plugins.ecrpipeline.aws.AwsSession;
import io.jenkins.plugins.ecrpipeline.aws.AwsSessionSettings;
import io.jenkins.plugins.ecrpipeline.ecr.EcrAuthorizationRequest;
import io.jenkins.plugins.ecrpipeline.localaws.LocalEcrFixture;
import io.jenkins.plugins.ecrpipeline.process.Command;
import io.jenkins.plugins.ecrpipeline.process.CommandResult;
import io.jenkins.plugins.ecrpipeline.process.CommandRunner;
import io.jenkins.plugins.ecrpipeline.process.Host;
import io.jenkins.plugins.ecrpipeline.registry.Manifests;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.AuthorizationData;
import software.amazon.awssdk.services.ecr.model.Image;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;

/**
 * Images in the local ECR for promotion tests, pushed by real docker: a single-arch image, a second platform image
 * sharing its layers, and a multi-arch index over both; plus a host whose command runner refuses to run anything, so a
 * promotion that pulled (or ran any command) fails.
 */
public final class PromotionFixture {
    static final String ROLE_222 = "arn:aws:iam::222222222222:role/image-pusher";
    private static final Pattern PUSHED = Pattern.compile("digest: (sha256:[0-9a-f]{64})");

    public final LocalEcrFixture aws;
    final Map<String, String> env;
    final List<String> console = Collections.synchronizedList(new ArrayList<>());
    final List<String> commands = Collections.synchronizedList(new ArrayList<>());

    public PromotionFixture(LocalEcrFixture aws) {
        this.aws = aws;
        this.env = new HashMap<>();
        env.put("HOME", aws.dir.resolve("home").toString());
        env.put("AWS_EC2_METADATA_SERVICE_ENDPOINT", aws.server.endpoint() + "/");
    }

    public String registry(String account) {
        return aws.server.registryHosts().get(account);
    }

    AwsSessionSettings session() {
        return new AwsSessionSettings(null, aws.server.endpoint(), null, Duration.ofSeconds(2));
    }

    AssumeRoleSettings role222() {
        return new AssumeRoleSettings(ROLE_222, null, "promote-test", Duration.ofHours(1));
    }

    /** The agent's own account, plus account 222 through a role when {@code crossAccount}. */
    EcrAuthorizationRequest ecrLogin(boolean crossAccount) {
        return new EcrAuthorizationRequest(session(), true, crossAccount ? List.of(role222()) : List.of(), List.of(), List.of());
    }

    /** A host that runs no command at all: a promotion must not pull, push or run docker. */
    Host host() throws Exception {
        CommandRunner refusing = new CommandRunner() {
            @Override
            public CommandResult run(Command command, Consumer<String> output) {
                commands.add(command.display());
                throw new AssertionError("a promotion ran a command" + (command.arguments().contains("pull") ? " (docker pull)" : "")
                        + ": " + command.display());
            }
        };
        Path temp = Files.createDirectories(aws.dir.resolve("host-temp"));
        return Host.local(env).runner(refusing).workspace(aws.dir).tempDirectory(temp).console(console::add).build();
    }

    /** An ECR client of account 111 (the instance role) or 222 (the role assumed on top). */
    AwsSession session(String account) throws InterruptedException {
        AwsSessionSettings settings = account.equals("222222222222") ? session().withAssumeRole(role222()) : session();
        return AwsSession.open(settings, AwsEnvironment.of(env));
    }

    public void createRepository(String account, String name, boolean immutable) throws InterruptedException {
        try (AwsSession session = session(account)) {
            session.ecr().createRepository(r -> r.repositoryName(name).imageTagMutability(immutable ? "IMMUTABLE" : "MUTABLE"));
        }
    }

    /** Pushes a local image with docker as {@code <account registry>/<repository>:<tag>}; returns the pushed digest. */
    public String push(String account, String localImage, String repository, String tag) throws Exception {
        try (AwsSession session = session(account)) {
            AuthorizationData auth = session.ecr().getAuthorizationToken().authorizationData().get(0);
            Path config = aws.dockerLogin(auth);
            String image = registry(account) + "/" + repository + ":" + tag;
            aws.docker(config, "tag", localImage, image);
            try {
                Matcher pushed = PUSHED.matcher(aws.docker(config, "push", image));
                if (!pushed.find()) {
                    throw new IllegalStateException("docker push printed no digest");
                }
                return pushed.group(1);
            } finally {
                aws.docker(config, "rmi", image);
            }
        }
    }

    /**
     * A second image with the base image's layers and another config (a LABEL, built by the classic builder, which
     * uses the local base image without looking for it in a registry).
     */
    String variantImage() throws Exception {
        String name = "promote-test/variant:arm64";
        Process build = new ProcessBuilder(aws.stack.docker().toString(), "build", "-q", "-t", name, "-")
                .redirectErrorStream(true).start();
        build.getOutputStream().write(("FROM " + aws.stack.baseImage() + "\nLABEL variant=arm64\n").getBytes(StandardCharsets.UTF_8));
        build.getOutputStream().close();
        String output = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (build.waitFor() != 0) {
            throw new IllegalStateException("docker build of the variant failed: " + output);
        }
        return name;
    }

    /**
     * Pushes two platform images and tags a Docker manifest list over them as {@code tag}; returns the index digest.
     */
    String pushMultiArch(String account, String repository, String tag) throws Exception {
        push(account, aws.stack.baseImage(), repository, tag + "-amd64");
        push(account, variantImage(), repository, tag + "-arm64");
        try (AwsSession session = session(account)) {
            EcrClient ecr = session.ecr();
            StringBuilder index = new StringBuilder("{\"schemaVersion\":2,\"mediaType\":\"" + Manifests.DOCKER_LIST + "\",\"manifests\":[");
            String[] platforms = {"amd64", "arm64"};
            for (int i = 0; i < platforms.length; i++) {
                String platform = platforms[i];
                Image child = ecr.batchGetImage(r -> r.repositoryName(repository).imageIds(ImageIdentifier.builder().imageTag(tag + "-" + platform).build())
                        .acceptedMediaTypes(Manifests.ALL)).images().get(0);
                index.append(i == 0 ? "" : ",").append("{\"mediaType\":\"").append(child.imageManifestMediaType()).append("\",\"digest\":\"")
                        .append(child.imageId().imageDigest()).append("\",\"size\":")
                        .append(child.imageManifest().getBytes(StandardCharsets.UTF_8).length)
                        .append(",\"platform\":{\"architecture\":\"").append(platform).append("\",\"os\":\"linux\"}}");
            }
            index.append("]}");
            return ecr.putImage(r -> r.repositoryName(repository).imageTag(tag).imageManifest(index.toString())
                    .imageManifestMediaType(Manifests.DOCKER_LIST)).image().imageId().imageDigest();
        }
    }

    /**
     * Pushes an image of {@code layers} layers of {@code layerSize} random bytes each (random, so that nothing compresses
     * them away) through the registry API, without docker; returns its digest. The registry does not look inside
     * layers, so they need not be tar files.
     */
    String pushRandomImage(String account, String repository, String tag, int layers, int layerSize) throws Exception {
        try (AwsSession session = session(account)) {
            AuthorizationData auth = session.ecr().getAuthorizationToken().authorizationData().get(0);
            String base = "http://" + registry(account) + "/v2/" + repository;
            String bearer = "Bearer " + aws.registryToken(auth, repository, "pull,push");
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            java.util.Random random = new java.util.Random(System.nanoTime());
            StringBuilder layerList = new StringBuilder();
            StringBuilder diffIds = new StringBuilder();
            for (int i = 0; i < layers; i++) {
                byte[] layer = new byte[layerSize];
                random.nextBytes(layer);
                String digest = uploadBlob(http, base, bearer, layer);
                layerList.append(i == 0 ? "" : ",").append("{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"")
                        .append(digest).append("\",\"size\":").append(layerSize).append('}');
                diffIds.append(i == 0 ? "" : ",").append('"').append(digest).append('"');
            }
            byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[" + diffIds
                    + "]}}").getBytes(StandardCharsets.UTF_8);
            String configDigest = uploadBlob(http, base, bearer, config);
            byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"mediaType\":"
                    + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + configDigest + "\",\"size\":" + config.length
                    + "},\"layers\":[" + layerList + "]}").getBytes(StandardCharsets.UTF_8);
            java.net.http.HttpResponse<String> put = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/manifests/" + tag))
                    .header("Authorization", bearer).header("Content-Type", "application/vnd.oci.image.manifest.v1+json")
                    .PUT(java.net.http.HttpRequest.BodyPublishers.ofByteArray(manifest)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            if (put.statusCode() != 201) {
                throw new IllegalStateException("manifest PUT answered " + put.statusCode() + ": " + put.body());
            }
            return Manifests.digest(manifest);
        }
    }

    private static String uploadBlob(java.net.http.HttpClient http, String base, String bearer, byte[] content) throws Exception {
        java.net.http.HttpResponse<Void> started = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/blobs/uploads/"))
                .header("Authorization", bearer).POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                java.net.http.HttpResponse.BodyHandlers.discarding());
        String location = started.headers().firstValue("Location").orElseThrow(() -> new IllegalStateException("upload POST answered "
                + started.statusCode()));
        String digest = Manifests.digest(content);
        java.net.URI put = java.net.URI.create(base).resolve(location + (location.contains("?") ? "&" : "?") + "digest=" + digest);
        java.net.http.HttpResponse<String> done = http.send(java.net.http.HttpRequest.newBuilder(put).header("Authorization", bearer)
                .header("Content-Type", "application/octet-stream").PUT(java.net.http.HttpRequest.BodyPublishers.ofByteArray(content)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        if (done.statusCode() != 201) {
            throw new IllegalStateException("blob PUT answered " + done.statusCode() + ": " + done.body());
        }
        return digest;
    }

    /** The digest a tag names now, through ECR's API; null when the tag does not exist. */
    public String digestOf(String account, String repository, String tag) throws InterruptedException {
        try (AwsSession session = session(account)) {
            List<Image> images = session.ecr().batchGetImage(r -> r.repositoryName(repository).imageIds(ImageIdentifier.builder().imageTag(tag).build())
                    .acceptedMediaTypes(Manifests.ALL)).images();
            return images.isEmpty() ? null : images.get(0).imageId().imageDigest();
        }
    }

    /** How many layers the image under the tag has (its manifest's blobs are these and a config). */
    int layerCount(String account, String repository, String tag) throws InterruptedException {
        try (AwsSession session = session(account)) {
            Image image = session.ecr().batchGetImage(r -> r.repositoryName(repository).imageIds(ImageIdentifier.builder().imageTag(tag).build())
                    .acceptedMediaTypes(Manifests.ALL)).images().get(0);
            return Manifests.parse(image.imageManifest().getBytes(StandardCharsets.UTF_8), image.imageManifestMediaType()).blobs().size() - 1;
        }
    }

    /** Tags and their digests of a repository, as ECR lists them. */
    Map<String, String> tags(String account, String repository) throws InterruptedException {
        try (AwsSession session = session(account)) {
            Map<String, String> tags = new HashMap<>();
            session.ecr().listImagesPaginator(r -> r.repositoryName(repository)).imageIds()
                    .forEach(id -> {
                        if (id.imageTag() != null) {
                            tags.put(id.imageTag(), id.imageDigest());
                        }
                    });
            return tags;
        }
    }
}
