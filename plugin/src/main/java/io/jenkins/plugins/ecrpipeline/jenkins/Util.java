package io.jenkins.plugins.ecrpipeline.jenkins;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Small conversions shared by the steps: empty-string normalisation, name lists, the engine's field names. */
final class Util {
    /** How the steps spell the engine's request fields. */
    private static final Map<String, String> PARAMETERS = Map.ofEntries(Map.entry("compose file", "compose"), Map.entry("registry", "registry"),
            Map.entry("region", "region"), Map.entry("report file", "report"), Map.entry("tag", "tag"), Map.entry("parallel", "parallel"),
            Map.entry("pattern", "pattern"), Map.entry("services", "services"), Map.entry("build args", "buildArgs"), Map.entry("shard", "shard"),
            Map.entry("registry ids", "registryIds"), Map.entry("push attempts", "pushAttempts"));

    private Util() {
    }

    static String fixNull(String value) {
        return value == null ? "" : value.trim();
    }

    static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    static String nullIfEmpty(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    static List<String> splitNames(String names) {
        return names == null || names.isBlank() ? List.of() : Arrays.stream(names.trim().split("[,\\s]+")).filter(s -> !s.isEmpty()).toList();
    }

    static String parameterName(String field) {
        return PARAMETERS.getOrDefault(field, field);
    }

    /** {@code AWS_ENDPOINT_URL} from the build's environment (a local emulator in tests), as the AWS CLI reads it. */
    static URI endpointOverride(Map<String, String> environment) {
        return io.jenkins.plugins.ecrpipeline.aws.AwsEnvironment.of(environment).endpointOverride();
    }
}
