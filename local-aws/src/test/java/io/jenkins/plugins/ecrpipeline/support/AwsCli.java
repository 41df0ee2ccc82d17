package io.jenkins.plugins.ecrpipeline.support;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Debian's awscli (v2), an independent client, run against the local endpoints with no credentials of its own:
 * it must find them through the instance metadata endpoint, as on an EC2 agent.
 */
public record AwsCli(Path executable, URI endpoint, Path home) {
    /** What the command printed and how it ended. */
    public record Result(int exitCode, String out, String err) {
    }

    public static AwsCli debian(LocalStack stack, URI endpoint, Path home) {
        return new AwsCli(Path.of("/usr/bin/aws"), endpoint, home);
    }

    public Result run(Map<String, String> extraEnvironment, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(executable.toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("--endpoint-url", endpoint.toString(), "--output", "json"));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.clear();
        env.put("PATH", "/usr/bin:/bin");
        env.put("HOME", home.toString());
        env.put("AWS_CONFIG_FILE", home.resolve("no-config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("no-credentials").toString());
        env.put("AWS_DEFAULT_REGION", "eu-west-1");
        env.put("AWS_EC2_METADATA_SERVICE_ENDPOINT", endpoint + "/");
        env.put("AWS_PAGER", "");
        env.putAll(extraEnvironment);
        Path err = Files.createTempFile(home, "aws", ".err");
        builder.redirectError(err.toFile());
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("aws " + String.join(" ", args) + " did not finish in 120 s");
        }
        return new Result(process.exitValue(), out, Files.readString(err));
    }
}
