package io.jenkins.plugins.ecrpipeline.localaws;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Answers in the registry API's error format, {@code {"errors":[{"code":..,"message":..}]}}, as ECR's registry does. */
final class RegistryErrors {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<Integer, String> REASONS = Map.of(400, "Bad Request", 403, "Forbidden", 404, "Not Found", 500, "Internal Server Error",
            502, "Bad Gateway");

    private RegistryErrors() {
    }

    /** Writes a whole response; {@code close} adds {@code Connection: close} (the caller then closes the connection). */
    static void send(OutputStream out, int status, String code, String message, boolean close) throws IOException {
        ObjectNode error = JSON.createObjectNode();
        error.putArray("errors").addObject().put("code", code).put("message", message);
        byte[] body = error.toString().getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + " " + REASONS.getOrDefault(status, "Error") + "\r\n"
                + "Content-Type: application/json; charset=utf-8\r\n"
                + "Docker-Distribution-Api-Version: registry/2.0\r\n"
                + "Content-Length: " + body.length + "\r\n"
                + (close ? "Connection: close\r\n" : "") + "\r\n";
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }
}
