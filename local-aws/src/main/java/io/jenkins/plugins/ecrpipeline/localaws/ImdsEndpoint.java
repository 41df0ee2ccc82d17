package io.jenkins.plugins.ecrpipeline.localaws;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;

/**
 * The EC2 instance metadata service as an agent sees it: the IMDSv2 session-token flow, the instance role's
 * rotating credentials, and the instance identity document. IMDSv1 (no token) is refused unless allowed.
 */
final class ImdsEndpoint {
    private static final String INSTANCE_ID = "i-0ec2local0000001";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LocalAwsSettings settings;
    private final CredentialAuthority authority;
    private final Supplier<Faults> faults;
    private final Clock clock;
    private final CountDownLatch stopped;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Instant> sessionTokens = new ConcurrentHashMap<>();
    private IssuedCredentials current;

    ImdsEndpoint(LocalAwsSettings settings, CredentialAuthority authority, Supplier<Faults> faults, Clock clock, CountDownLatch stopped) {
        this.settings = settings;
        this.authority = authority;
        this.faults = faults;
        this.clock = clock;
        this.stopped = stopped;
    }

    void handle(HttpExchange exchange, String path) throws IOException, InterruptedException {
        if (exchange.getRequestHeaders().containsKey("X-Forwarded-For")) {
            Exchanges.send(exchange, 403, "text/plain", "Forbidden");
            return;
        }
        if (path.equals("/latest/api/token")) {
            issueSessionToken(exchange);
            return;
        }
        if (!exchange.getRequestMethod().equals("GET")) {
            Exchanges.send(exchange, 405, "text/plain", "Method Not Allowed");
            return;
        }
        String token = exchange.getRequestHeaders().getFirst("X-aws-ec2-metadata-token");
        if (token == null ? !faults.get().imdsV1Allowed() : !validSessionToken(token)) {
            Exchanges.send(exchange, 401, "text/plain", "Unauthorized");
            return;
        }
        String role = settings.instanceRole();
        switch (path) {
            case "/latest/meta-data/", "/latest/meta-data" ->
                    Exchanges.send(exchange, 200, "text/plain", "iam/\ninstance-id\nplacement/");
            case "/latest/meta-data/instance-id" -> Exchanges.send(exchange, 200, "text/plain", INSTANCE_ID);
            case "/latest/meta-data/placement/region" -> Exchanges.send(exchange, 200, "text/plain", settings.region());
            case "/latest/meta-data/iam/security-credentials/", "/latest/meta-data/iam/security-credentials" ->
                    Exchanges.send(exchange, 200, "text/plain", role);
            case "/latest/dynamic/instance-identity/document" -> Exchanges.send(exchange, 200, "application/json", identityDocument());
            default -> {
                if (path.equals("/latest/meta-data/iam/security-credentials/" + role)) {
                    Exchanges.send(exchange, 200, "application/json", credentialsDocument());
                } else {
                    Exchanges.send(exchange, 404, "text/html", "<?xml version=\"1.0\"?><title>404 - Not Found</title>");
                }
            }
        }
    }

    private void issueSessionToken(HttpExchange exchange) throws IOException, InterruptedException {
        if (faults.get().imdsHopLimitExceeded()) {
            // A container behind hop limit 1: the answer is dropped on its way back, so the caller hears nothing.
            stopped.await();
            exchange.close();
            return;
        }
        if (!exchange.getRequestMethod().equals("PUT")) {
            Exchanges.send(exchange, 405, "text/plain", "Method Not Allowed");
            return;
        }
        String ttl = exchange.getRequestHeaders().getFirst("X-aws-ec2-metadata-token-ttl-seconds");
        int seconds;
        try {
            seconds = ttl == null ? -1 : Integer.parseInt(ttl.strip());
        } catch (NumberFormatException e) {
            seconds = -1;
        }
        if (seconds < 1 || seconds > 21600) {
            Exchanges.send(exchange, 400, "text/plain", "Bad Request");
            return;
        }
        byte[] raw = new byte[40];
        random.nextBytes(raw);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        sessionTokens.put(token, clock.instant().plusSeconds(seconds));
        exchange.getResponseHeaders().set("X-aws-ec2-metadata-token-ttl-seconds", Integer.toString(seconds));
        Exchanges.send(exchange, 200, "text/plain", token);
    }

    private boolean validSessionToken(String token) {
        Instant expiry = sessionTokens.get(token);
        return expiry != null && clock.instant().isBefore(expiry);
    }

    /** The instance role's credentials; a fresh set appears well before the old one expires, as on EC2. */
    private synchronized IssuedCredentials currentCredentials() {
        Duration lifetime = faults.get().credentialLifetime() != null ? faults.get().credentialLifetime() : settings.credentialLifetime();
        Duration margin = lifetime.dividedBy(2).compareTo(Duration.ofMinutes(5)) < 0 ? lifetime.dividedBy(2) : Duration.ofMinutes(5);
        if (current == null || !clock.instant().isBefore(current.expiration().minus(margin))) {
            current = authority.issueRoleSession(settings.instanceAccount(), settings.instanceRole(), INSTANCE_ID, lifetime, false);
        }
        return current;
    }

    private String credentialsDocument() {
        IssuedCredentials credentials = currentCredentials();
        ObjectNode doc = JSON.createObjectNode();
        doc.put("Code", "Success");
        doc.put("LastUpdated", clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        doc.put("Type", "AWS-HMAC");
        doc.put("AccessKeyId", credentials.accessKeyId());
        doc.put("SecretAccessKey", credentials.secretAccessKey());
        doc.put("Token", credentials.sessionToken());
        doc.put("Expiration", credentials.expiration().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        return doc.toPrettyString();
    }

    private String identityDocument() {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("accountId", settings.instanceAccount());
        doc.put("architecture", "x86_64");
        doc.put("availabilityZone", settings.region() + "a");
        doc.put("imageId", "ami-0local000000000001");
        doc.put("instanceId", INSTANCE_ID);
        doc.put("instanceType", "m7i.large");
        doc.put("pendingTime", "2026-01-01T00:00:00Z");
        doc.put("privateIp", "127.0.0.1");
        doc.put("region", settings.region());
        doc.put("version", "2017-09-30");
        return doc.toPrettyString();
    }
}
