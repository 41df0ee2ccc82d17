package io.jenkins.plugins.ecrpipeline.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A registry's answer as the distribution API types it: the HTTP status and the error codes of its
 * {@code {"errors":[{"code":..,"message":..}]}} body, so that callers decide on codes and never on the wording, which
 * registries change (ECR's immutable-tag message did).
 *
 * @param status the HTTP status
 * @param codes the error codes in the body, in order; empty when the body has none
 * @param message the registry's own words ({@code CODE: message; ...}), or the start of a body that is not JSON
 */
record RegistryError(int status, List<String> codes, String message) {
    private static final ObjectMapper JSON = new ObjectMapper();

    RegistryError {
        codes = List.copyOf(codes);
    }

    static RegistryError of(int status, byte[] body) {
        if (body == null || body.length == 0) {
            return new RegistryError(status, List.of(), "");
        }
        try {
            List<String> codes = new ArrayList<>();
            List<String> parts = new ArrayList<>();
            for (JsonNode error : JSON.readTree(body).path("errors")) {
                codes.add(error.path("code").asText(""));
                parts.add(error.path("code").asText("") + ": " + error.path("message").asText(""));
            }
            return new RegistryError(status, codes, String.join("; ", parts));
        } catch (IOException e) {
            String text = new String(body, StandardCharsets.UTF_8).strip();
            return new RegistryError(status, List.of(), text.length() > 300 ? text.substring(0, 300) : text);
        }
    }

    /** Whether the answer is this status with this error code among its errors. */
    boolean is(int status, String code) {
        return this.status == status && codes.contains(code);
    }
}
