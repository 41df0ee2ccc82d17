package io.jenkins.plugins.ecrpipeline.localaws;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks AWS Signature Version 4 on a request, as AWS does: the credentials must be ones the local endpoints
 * issued and not expired, the session token must match, the clock skew must be under 15 minutes, and the
 * signature must be the one the secret key gives for the canonical request.
 */
final class SigV4Verifier {
    private static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final Duration MAX_SKEW = Duration.ofMinutes(15);
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    private final CredentialAuthority authority;
    private final Clock clock;

    SigV4Verifier(CredentialAuthority authority, Clock clock) {
        this.authority = authority;
        this.clock = clock;
    }

    /** A request as it arrived; header names in lower case. */
    record SignedRequest(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    /** @return the caller's credentials and the service and region the request was signed for */
    Caller verify(SignedRequest request) {
        String authorization = request.header("authorization");
        if (authorization == null) {
            throw new AwsErrorException(400, "MissingAuthenticationTokenException", "Missing Authentication Token");
        }
        if (!authorization.startsWith(ALGORITHM + " ")) {
            throw new AwsErrorException(400, "IncompleteSignatureException", "Unsupported signature algorithm; sign with " + ALGORITHM);
        }
        Map<String, String> parts = new TreeMap<>();
        for (String part : authorization.substring(ALGORITHM.length() + 1).split(",")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                parts.put(part.substring(0, eq).strip(), part.substring(eq + 1).strip());
            }
        }
        String credential = parts.get("Credential");
        String signedHeaders = parts.get("SignedHeaders");
        String signature = parts.get("Signature");
        if (credential == null || signedHeaders == null || signature == null) {
            throw new AwsErrorException(400, "IncompleteSignatureException",
                    "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters.");
        }
        String[] scope = credential.split("/");
        if (scope.length != 5 || !scope[4].equals("aws4_request")) {
            throw new AwsErrorException(400, "IncompleteSignatureException", "Credential should be scoped correctly: " + credential);
        }
        IssuedCredentials caller = authority.find(scope[0]);
        if (caller == null) {
            throw new AwsErrorException(400, "UnrecognizedClientException", "The security token included in the request is invalid.");
        }
        if (!clock.instant().isBefore(caller.expiration())) {
            throw new AwsErrorException(400, "ExpiredTokenException", "The security token included in the request is expired");
        }
        // A session's token must come with its key; a user's access key has none, and a token sent with it is refused.
        if (!java.util.Objects.equals(caller.sessionToken(), request.header("x-amz-security-token"))) {
            throw new AwsErrorException(400, "UnrecognizedClientException", "The security token included in the request is invalid.");
        }
        String amzDate = request.header("x-amz-date");
        Instant signedAt = parseAmzDate(amzDate);
        if (Duration.between(signedAt, clock.instant()).abs().compareTo(MAX_SKEW) > 0) {
            throw new AwsErrorException(400, "InvalidSignatureException", "Signature expired: " + amzDate + " is now earlier than "
                    + AMZ_DATE.format(LocalDateTime.ofInstant(clock.instant().minus(MAX_SKEW), ZoneOffset.UTC)) + ".");
        }
        if (!amzDate.startsWith(scope[1])) {
            throw new AwsErrorException(400, "InvalidSignatureException", "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP");
        }
        String scopeString = String.join("/", scope[1], scope[2], scope[3], scope[4]);
        String stringToSign = ALGORITHM + "\n" + amzDate + "\n" + scopeString + "\n" + hex(sha256(canonicalRequest(request, signedHeaders).getBytes(StandardCharsets.UTF_8)));
        byte[] key = hmac(hmac(hmac(hmac(("AWS4" + caller.secretAccessKey()).getBytes(StandardCharsets.UTF_8), scope[1]), scope[2]), scope[3]), "aws4_request");
        String expected = hex(hmac(key, stringToSign));
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), signature.getBytes(StandardCharsets.US_ASCII))) {
            throw new AwsErrorException(403, "InvalidSignatureException", "The request signature we calculated does not match the "
                    + "signature you provided. Check your AWS Secret Access Key and signing method.");
        }
        return new Caller(caller, scope[2], scope[3]);
    }

    /** Who called, and for which region and service they signed. */
    record Caller(IssuedCredentials credentials, String region, String service) {
    }

    private static Instant parseAmzDate(String amzDate) {
        if (amzDate == null) {
            throw new AwsErrorException(400, "IncompleteSignatureException", "Authorization requires the X-Amz-Date header.");
        }
        try {
            return LocalDateTime.parse(amzDate, AMZ_DATE).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new AwsErrorException(400, "IncompleteSignatureException", "X-Amz-Date must be in ISO-8601 basic format: " + amzDate);
        }
    }

    private static String canonicalRequest(SignedRequest request, String signedHeaders) {
        StringBuilder canonical = new StringBuilder();
        canonical.append(request.method()).append('\n');
        canonical.append(canonicalPath(request.rawPath())).append('\n');
        canonical.append(canonicalQuery(request.rawQuery())).append('\n');
        for (String name : signedHeaders.split(";")) {
            List<String> values = request.headers().getOrDefault(name, List.of());
            List<String> trimmed = new ArrayList<>();
            values.forEach(v -> trimmed.add(v.strip().replaceAll("\\s+", " ")));
            canonical.append(name).append(':').append(String.join(",", trimmed)).append('\n');
        }
        canonical.append('\n').append(signedHeaders).append('\n');
        String payloadHash = request.header("x-amz-content-sha256");
        canonical.append(payloadHash != null && !payloadHash.startsWith("STREAMING") && !payloadHash.equals("UNSIGNED-PAYLOAD")
                ? payloadHash : hex(sha256(request.body())));
        return canonical.toString();
    }

    private static String canonicalPath(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        List<String> segments = new ArrayList<>();
        for (String segment : rawPath.split("/", -1)) {
            segments.add(encode(URLDecoder.decode(segment, StandardCharsets.UTF_8)));
        }
        return String.join("/", segments);
    }

    private static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String[]> pairs = new ArrayList<>();
        QueryString.parse(rawQuery).forEach(e -> pairs.add(new String[] {encode(e.getKey()), encode(e.getValue())}));
        pairs.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
        List<String> joined = new ArrayList<>();
        pairs.forEach(p -> joined.add(p[0] + "=" + p[1]));
        return String.join("&", joined);
    }

    /** RFC 3986 unreserved characters stay; everything else is %XX, as SigV4 requires. */
    static String encode(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
