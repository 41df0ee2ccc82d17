package io.jenkins.plugins.ecrpipeline.aws;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * The environment AWS settings come from: the variables of the build (Jenkins' EnvVars, or the CLI's own
 * environment), not necessarily those of this JVM, and the user's home for {@code ~/.aws}.
 */
public record AwsEnvironment(Map<String, String> variables, Path home) {
    public AwsEnvironment {
        variables = Map.copyOf(variables);
    }

    public static AwsEnvironment of(Map<String, String> variables) {
        return new AwsEnvironment(variables, Path.of(variables.getOrDefault("HOME", System.getProperty("user.home"))));
    }

    public String get(String name) {
        String value = variables.get(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** The instance metadata endpoint: {@code AWS_EC2_METADATA_SERVICE_ENDPOINT}, else EC2's link-local address. */
    public URI imdsEndpoint() {
        String configured = get("AWS_EC2_METADATA_SERVICE_ENDPOINT");
        String endpoint = configured != null ? configured : "http://169.254.169.254";
        return URI.create(endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint);
    }

    /** Where STS and ECR calls go instead of AWS: {@code AWS_ENDPOINT_URL}, as the AWS CLI reads it; null for AWS. */
    public URI endpointOverride() {
        String endpoint = get("AWS_ENDPOINT_URL");
        return endpoint == null ? null : URI.create(endpoint);
    }

    /** Whether IMDSv1 (no session token) may be used; off unless {@code AWS_EC2_METADATA_V1_DISABLED=false}. */
    public boolean imdsV1Allowed() {
        return "false".equalsIgnoreCase(get("AWS_EC2_METADATA_V1_DISABLED"));
    }

    public Path configFile() {
        String file = get("AWS_CONFIG_FILE");
        return file != null ? Path.of(file) : home.resolve(".aws/config");
    }

    public Path credentialsFile() {
        String file = get("AWS_SHARED_CREDENTIALS_FILE");
        return file != null ? Path.of(file) : home.resolve(".aws/credentials");
    }

    public String profileName() {
        String profile = get("AWS_PROFILE");
        return profile != null ? profile : "default";
    }
}
