package io.jenkins.plugins.ecrpipeline.localaws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * Signs the bearer tokens a Docker registry accepts under its {@code auth: token:} configuration: RS256 JWTs
 * whose {@code x5c} header carries the certificate that the registry trusts as its root bundle. It also checks them,
 * for the registry fronts, which decide some requests before the registry sees them.
 */
final class RegistryTokenSigner {
    static final String ISSUER = "local-aws";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrivateKey key;
    private final PublicKey publicKey;
    private final String certificateDer;
    private final Clock clock;

    private RegistryTokenSigner(PrivateKey key, PublicKey publicKey, String certificateDer, Clock clock) {
        this.key = key;
        this.publicKey = publicKey;
        this.certificateDer = certificateDer;
        this.clock = clock;
    }

    /**
     * Loads, or first creates with {@code openssl}, a key and a self-signed certificate in {@code dir}.
     *
     * @return the signer; {@link #certificateFile(Path)} is the registry's root certificate bundle
     */
    static RegistryTokenSigner loadOrCreate(Path dir, Clock clock) throws IOException, InterruptedException {
        Path keyFile = dir.resolve("token-signing.key");
        Path certFile = certificateFile(dir);
        if (!Files.exists(keyFile) || !Files.exists(certFile)) {
            Files.createDirectories(dir);
            // The JDK has no public API to write an X.509 certificate; openssl does it in one line.
            Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "3650",
                    "-subj", "/CN=local-aws registry token signer", "-keyout", keyFile.toString(), "-out", certFile.toString())
                    .redirectErrorStream(true).start();
            String output = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (openssl.waitFor() != 0) {
                throw new IOException("openssl could not create the token signing key: " + output);
            }
        }
        try {
            byte[] der = pem(Files.readString(keyFile), "PRIVATE KEY");
            PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
            byte[] certificate = pem(Files.readString(certFile), "CERTIFICATE");
            PublicKey publicKey = CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(certificate)).getPublicKey();
            return new RegistryTokenSigner(key, publicKey, Base64.getEncoder().encodeToString(certificate), clock);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read the token signing key in " + dir + ": " + e.getMessage(), e);
        }
    }

    static Path certificateFile(Path dir) {
        return dir.resolve("token-signing.crt");
    }

    /** Grants on one repository, as the registry reads them from the token's {@code access} claim. */
    record Access(String repository, List<String> actions) {
    }

    String sign(String subject, String service, List<Access> access, Duration lifetime) {
        long now = clock.instant().getEpochSecond();
        ObjectNode header = JSON.createObjectNode().put("typ", "JWT").put("alg", "RS256");
        header.putArray("x5c").add(certificateDer);
        ObjectNode claims = JSON.createObjectNode().put("iss", ISSUER).put("sub", subject).put("aud", service)
                .put("exp", now + lifetime.toSeconds()).put("nbf", now - 10).put("iat", now).put("jti", UUID.randomUUID().toString());
        ArrayNode grants = claims.putArray("access");
        for (Access a : access) {
            ObjectNode grant = grants.addObject().put("type", "repository").put("name", a.repository());
            a.actions().forEach(grant.putArray("actions")::add);
        }
        String signingInput = base64Url(header.toString()) + "." + base64Url(claims.toString());
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(key);
            rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RS256 signing failed", e);
        }
    }

    /**
     * Whether an {@code Authorization} header carries a token of this signer, valid now, for {@code service}, that
     * grants {@code action} on {@code repository}: what the registry would check before it acts.
     */
    boolean allows(String authorization, String service, String repository, String action) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        String[] parts = authorization.substring(7).strip().split("\\.");
        if (parts.length != 3) {
            return false;
        }
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initVerify(publicKey);
            rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!rsa.verify(Base64.getUrlDecoder().decode(parts[2]))) {
                return false;
            }
            JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            long now = clock.instant().getEpochSecond();
            if (!ISSUER.equals(claims.path("iss").asText()) || !service.equals(claims.path("aud").asText())
                    || claims.path("exp").asLong() <= now || claims.path("nbf").asLong() > now) {
                return false;
            }
            for (JsonNode grant : claims.path("access")) {
                if (grant.path("type").asText().equals("repository") && grant.path("name").asText().equals(repository)) {
                    for (JsonNode granted : grant.path("actions")) {
                        if (granted.asText().equals(action)) {
                            return true;
                        }
                    }
                }
            }
            return false;
        } catch (GeneralSecurityException | IOException | IllegalArgumentException e) {
            return false;
        }
    }

    private static String base64Url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] pem(String text, String type) {
        String begin = "-----BEGIN " + type + "-----";
        int start = text.indexOf(begin);
        int end = text.indexOf("-----END " + type + "-----");
        if (start < 0 || end < 0) {
            throw new IllegalArgumentException("no " + type + " block");
        }
        return Base64.getMimeDecoder().decode(text.substring(start + begin.length(), end));
    }
}
