package io.jenkins.plugins.ecrpipeline.localaws;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * STS over the query protocol: {@code GetCallerIdentity} and {@code AssumeRole} into any local account, with the
 * 1-hour limit on role chaining. Roles whose name starts with {@code denied-} refuse to be assumed.
 */
final class StsEndpoint {
    private static final String NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";

    private final LocalAwsSettings settings;
    private final CredentialAuthority authority;
    private final Supplier<Faults> faults;

    StsEndpoint(LocalAwsSettings settings, CredentialAuthority authority, Supplier<Faults> faults) {
        this.settings = settings;
        this.authority = authority;
        this.faults = faults;
    }

    static Map<String, String> form(byte[] body) {
        Map<String, String> params = new HashMap<>();
        QueryString.parse(new String(body, StandardCharsets.UTF_8)).forEach(e -> params.put(e.getKey(), e.getValue()));
        return params;
    }

    /** @return the XML response body for a successful call */
    String call(Map<String, String> params, IssuedCredentials caller) {
        String action = params.getOrDefault("Action", "");
        String requestId = UUID.randomUUID().toString();
        return switch (action) {
            case "GetCallerIdentity" -> response(action, "<Arn>" + xml(caller.arn()) + "</Arn><UserId>" + xml(caller.userId())
                    + "</UserId><Account>" + caller.account() + "</Account>", requestId);
            case "AssumeRole" -> response(action, assumeRole(params, caller), requestId);
            default -> throw new AwsErrorException(400, "InvalidAction", "Could not find operation " + action + " for version "
                    + params.getOrDefault("Version", "(none)"));
        };
    }

    private String assumeRole(Map<String, String> params, IssuedCredentials caller) {
        String roleArn = required(params, "RoleArn");
        String sessionName = required(params, "RoleSessionName");
        if (!sessionName.matches("[\\w+=,.@-]{2,64}")) {
            throw new AwsErrorException(400, "ValidationError", "1 validation error detected: Value '" + sessionName
                    + "' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*");
        }
        int seconds = params.containsKey("DurationSeconds") ? Integer.parseInt(params.get("DurationSeconds")) : 3600;
        if (seconds < 900 || seconds > 43200) {
            throw new AwsErrorException(400, "ValidationError", "1 validation error detected: Value '" + seconds
                    + "' at 'durationSeconds' failed to satisfy constraint: Member must have value between 900 and 43200");
        }
        // AssumeRole called with a role session's credentials is role chaining; with a user's access key it is not.
        boolean roleChained = caller.sessionToken() != null;
        if (roleChained && seconds > 3600) {
            throw new AwsErrorException(400, "ValidationError",
                    "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.");
        }
        java.util.regex.Matcher arn = java.util.regex.Pattern.compile("arn:aws:iam::([0-9]{12}):role/(?:[\\w+=,.@-]+/)*([\\w+=,.@-]{1,64})")
                .matcher(roleArn);
        if (!arn.matches()) {
            throw new AwsErrorException(400, "ValidationError", "Invalid RoleArn: " + roleArn);
        }
        String account = arn.group(1);
        String role = arn.group(2);
        if (!settings.accounts().contains(account) || role.startsWith("denied-")) {
            throw new AwsErrorException(403, "AccessDenied", "User: " + caller.arn() + " is not authorized to perform: sts:AssumeRole on resource: " + roleArn);
        }
        Duration lifetime = Duration.ofSeconds(seconds);
        Duration cap = faults.get().credentialLifetime();
        IssuedCredentials issued = authority.issueRoleSession(account, role, sessionName, cap != null && cap.compareTo(lifetime) < 0 ? cap : lifetime, roleChained);
        return "<AssumedRoleUser><AssumedRoleId>" + xml(issued.userId()) + "</AssumedRoleId><Arn>" + xml(issued.arn()) + "</Arn></AssumedRoleUser>"
                + "<Credentials><AccessKeyId>" + issued.accessKeyId() + "</AccessKeyId><SecretAccessKey>" + xml(issued.secretAccessKey())
                + "</SecretAccessKey><SessionToken>" + xml(issued.sessionToken()) + "</SessionToken><Expiration>"
                + issued.expiration().truncatedTo(ChronoUnit.SECONDS) + "</Expiration></Credentials>";
    }

    private static String required(Map<String, String> params, String name) {
        String value = params.get(name);
        if (value == null || value.isEmpty()) {
            throw new AwsErrorException(400, "ValidationError", "1 validation error detected: Value null at '"
                    + Character.toLowerCase(name.charAt(0)) + name.substring(1) + "' failed to satisfy constraint: Member must not be null");
        }
        return value;
    }

    private static String response(String action, String result, String requestId) {
        return "<" + action + "Response xmlns=\"" + NAMESPACE + "\"><" + action + "Result>" + result + "</" + action + "Result>"
                + "<ResponseMetadata><RequestId>" + requestId + "</RequestId></ResponseMetadata></" + action + "Response>";
    }

    static String error(AwsErrorException e) {
        String type = e.status() >= 500 ? "Receiver" : "Sender";
        return "<ErrorResponse xmlns=\"" + NAMESPACE + "\"><Error><Type>" + type + "</Type><Code>" + xml(e.code()) + "</Code><Message>"
                + xml(e.getMessage()) + "</Message></Error><RequestId>" + UUID.randomUUID() + "</RequestId></ErrorResponse>";
    }

    static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    static List<String> actions() {
        return List.of("GetCallerIdentity", "AssumeRole");
    }
}
