package io.jenkins.plugins.ecrpipeline.localaws;

import io.jenkins.plugins.ecrpipeline.support.LocalStack;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.InstanceProfileCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.AuthorizationData;

/** A local AWS with ECR and real registries, plus the clients tests use on it: the SDK, docker and plain HTTP. */
public final class LocalEcrFixture implements AutoCloseable {
    public final LocalAwsServer server;
    public final LocalStack stack;
    public final Path dir;

    public LocalEcrFixture(LocalStack stack, Path dir, Clock clock) throws IOException, InterruptedException {
        this.stack = stack;
        this.dir = dir;
        this.server = LocalAwsServer.startWithEcr(LocalAwsSettings.defaults(), 0, clock, dir.resolve("local-aws"));
    }

    public AwsCredentialsProvider instanceProfile() {
        return InstanceProfileCredentialsProvider.builder().endpoint(server.endpoint().toString()).build();
    }

    public EcrClient ecr(AwsCredentialsProvider credentials) {
        return EcrClient.builder().endpointOverride(server.endpoint()).region(Region.EU_WEST_1)
                .httpClient(UrlConnectionHttpClient.create()).credentialsProvider(credentials).build();
    }

    /** Logs a new private docker config in with the token's password on standard input; returns the config dir. */
    public Path dockerLogin(AuthorizationData auth) throws IOException, InterruptedException {
        Path config = Files.createTempDirectory(dir, "docker-config", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        String decoded = new String(Base64.getDecoder().decode(auth.authorizationToken()), StandardCharsets.UTF_8);
        String host = URI.create(auth.proxyEndpoint()).getAuthority();
        Process login = new ProcessBuilder(stack.docker().toString(), "--config", config.toString(), "login", "--username", "AWS",
                "--password-stdin", host).redirectErrorStream(true).start();
        login.getOutputStream().write(decoded.substring(decoded.indexOf(':') + 1).getBytes(StandardCharsets.UTF_8));
        login.getOutputStream().close();
        String output = new String(login.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (login.waitFor() != 0) {
            throw new IllegalStateException("docker login failed: " + output);
        }
        return config;
    }

    /** Runs docker with a docker config; returns its output, failing on a non-zero exit. */
    public String docker(Path config, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(stack.docker().toString(), "--config", config.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", args) + " failed: " + output);
        }
        return output;
    }

    /**
     * A local image with the base image's layer and a config of its own (a LABEL), so another digest; built by the
     * classic builder, which takes the local base image without looking for it in a registry.
     */
    public String variantImage(String label) throws IOException, InterruptedException {
        Path context = Files.createTempDirectory(dir, "variant");
        Files.writeString(context.resolve("Dockerfile"), "FROM " + stack.baseImage() + "\nLABEL variant=" + label + "\n");
        String name = "local-aws-test/variant:" + label;
        Process build = new ProcessBuilder(stack.docker().toString(), "build", "-q", "-t", name, context.toString()).redirectErrorStream(true).start();
        String output = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (build.waitFor() != 0) {
            throw new IllegalStateException("docker build of the variant failed: " + output);
        }
        return name;
    }

    /** A bearer token from the token endpoint for {@code actions} (e.g. "pull,push") on one repository, with an ECR password. */
    public String registryToken(AuthorizationData auth, String repository, String actions) throws IOException, InterruptedException {
        String account = auth.proxyEndpoint().equals("http://" + server.registryHosts().get("111111111111")) ? "111111111111" : "222222222222";
        String tokenJson = HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.endpoint().resolve(RegistryTokenEndpoint.PATH
                + "?service=ecr-" + account + "&scope=repository:" + repository + ":" + actions))
                .header("Authorization", "Basic " + auth.authorizationToken()).build(), HttpResponse.BodyHandlers.ofString()).body();
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(tokenJson).get("token").asText();
    }

    /** GETs a manifest from the registry host ECR reports, with a pull token from the token endpoint. */
    public int registryManifestStatus(AuthorizationData auth, String repository, String reference) throws IOException, InterruptedException {
        String token = registryToken(auth, repository, "pull");
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(auth.proxyEndpoint() + "/v2/" + repository + "/manifests/" + reference))
                .header("Authorization", "Bearer " + token).header("Accept", RegistryAdminClient.ALL_MANIFEST_TYPES).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Override
    public void close() {
        server.close();
    }
}
