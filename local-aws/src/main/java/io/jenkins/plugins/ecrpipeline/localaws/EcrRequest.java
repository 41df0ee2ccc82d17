package io.jenkins.plugins.ecrpipeline.localaws;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.regex.Pattern;

/** One call: its input, who made it, and the account (registry) it acts on. */
final class EcrRequest {
    private static final Pattern REPOSITORY_NAME = Pattern.compile("[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*(/[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*)*");

    private final JsonNode input;
    private final SigV4Verifier.Caller caller;
    private final String account;
    private final EcrRepositories repositories;
    private final Map<String, AccountRegistry> registries;

    /** @throws AwsErrorException AccessDeniedException when the faults deny the action or the account is another's */
    EcrRequest(String operation, JsonNode input, SigV4Verifier.Caller caller, Faults faults, EcrRepositories repositories,
            Map<String, AccountRegistry> registries) {
        this.input = input;
        this.caller = caller;
        this.repositories = repositories;
        this.registries = registries;
        String registryId = text("registryId");
        this.account = registryId == null ? caller.credentials().account() : registryId;
        if (faults.deniedActions().contains("ecr:" + operation)) {
            throw new AwsErrorException(400, "AccessDeniedException", "User: " + caller.credentials().arn()
                    + " is not authorized to perform: ecr:" + operation + " on resource: arn:aws:ecr:" + caller.region() + ":"
                    + account + ":repository/* because no identity-based policy allows the ecr:" + operation + " action");
        }
        if (!account.equals(caller.credentials().account())) {
            throw new AwsErrorException(400, "AccessDeniedException", "User: " + caller.credentials().arn()
                    + " is not authorized to perform: ecr:" + operation + " on resource: arn:aws:ecr:" + caller.region() + ":"
                    + account + ":repository/* because no resource-based policy allows the ecr:" + operation + " action");
        }
    }

    String text(String member) {
        JsonNode value = input.get(member);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new AwsErrorException(400, "SerializationException", "Unexpected value type for '" + member + "': expected a string");
        }
        return value.asText();
    }

    String required(String member) {
        String value = text(member);
        if (value == null) {
            throw AwsErrorException.invalidParameter("1 validation error detected: Value null at '" + member
                    + "' failed to satisfy constraint: Member must not be null");
        }
        return value;
    }

    Integer maxResults() {
        JsonNode value = input.get("maxResults");
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isInt()) {
            throw new AwsErrorException(400, "SerializationException", "Unexpected value type for 'maxResults': expected an integer");
        }
        return value.asInt();
    }

    EcrRepository repository() {
        String name = required("repositoryName");
        validateRepositoryName(name);
        return repositories.find(account, name).orElseThrow(() -> new AwsErrorException(400, "RepositoryNotFoundException",
                "The repository with name '" + name + "' does not exist in the registry with id '" + account + "'"));
    }

    AccountRegistry registry() {
        AccountRegistry registry = registries.get(account);
        if (registry == null) {
            throw new AwsErrorException(500, "ServerException", "no local registry for account " + account);
        }
        return registry;
    }

    JsonNode input() {
        return input;
    }

    SigV4Verifier.Caller caller() {
        return caller;
    }

    /** The account the call acts on: its registryId, else the caller's own. */
    String account() {
        return account;
    }

    static void validateRepositoryName(String name) {
        if (name.length() < 2 || name.length() > 256 || !REPOSITORY_NAME.matcher(name).matches()) {
            throw AwsErrorException.invalidParameter("Invalid parameter at 'repositoryName' failed to satisfy constraint: "
                    + "'must satisfy regular expression '" + REPOSITORY_NAME.pattern() + "' and have length between 2 and 256'");
        }
    }
}
