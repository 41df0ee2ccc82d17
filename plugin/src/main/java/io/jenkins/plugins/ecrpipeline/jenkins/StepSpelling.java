package io.jenkins.plugins.ecrpipeline.jenkins;

import io.jenkins.plugins.ecrpipeline.RequestField;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * How the steps spell each engine request field, so that a failure names the parameter to fix. A field no step offers
 * (the CLI's cleanup concurrency, say) is spelled empty on purpose; StepSpellingTest holds the table to every constant.
 */
final class StepSpelling {
    static final Map<RequestField, Optional<String>> PARAMETERS = parameters();

    private StepSpelling() {
    }

    /** The parameter for an engine field; empty for a place inside a policy file, or a field no step offers. */
    static Optional<String> of(String engineField) {
        return RequestField.named(engineField).flatMap(PARAMETERS::get);
    }

    private static Map<RequestField, Optional<String>> parameters() {
        Map<RequestField, Optional<String>> m = new EnumMap<>(RequestField.class);
        m.put(RequestField.COMPOSE_FILE, Optional.of("compose"));
        m.put(RequestField.REGISTRY, Optional.of("registry"));
        m.put(RequestField.REGION, Optional.of("region"));
        m.put(RequestField.REPORT_FILE, Optional.of("report"));
        m.put(RequestField.TAG, Optional.of("tag"));
        m.put(RequestField.PARALLEL, Optional.of("parallel"));
        m.put(RequestField.PATTERN, Optional.of("pattern"));
        m.put(RequestField.SERVICES, Optional.of("services"));
        m.put(RequestField.BUILD_ARGS, Optional.of("buildArgs"));
        m.put(RequestField.SHARD, Optional.of("shard"));
        m.put(RequestField.REGISTRY_IDS, Optional.of("registryIds"));
        m.put(RequestField.PUSH_ATTEMPTS, Optional.of("pushAttempts"));
        m.put(RequestField.DATED_TAG, Optional.of("datedTag"));
        m.put(RequestField.SERVICE_TIMEOUT, Optional.of("serviceTimeout"));
        m.put(RequestField.SMOKE_TESTS, Optional.of("smokeTests"));
        m.put(RequestField.SMOKE_TEST_NETWORK, Optional.of("smokeTestNetwork"));
        m.put(RequestField.TARGET_TAGS, Optional.of("to"));
        m.put(RequestField.EXPECTED_DIGEST, Optional.of("images"));
        m.put(RequestField.SOURCE, Optional.of("images"));
        m.put(RequestField.SOURCE_TAG, Optional.of("from"));
        // ecrDeploy takes the promoted images themselves, not a promotion report file.
        m.put(RequestField.PROMOTION_REPORT, Optional.empty());
        m.put(RequestField.IMAGES, Optional.of("images"));
        m.put(RequestField.DEPLOY_COMMAND, Optional.of("command"));
        m.put(RequestField.POLICY, Optional.of("policy"));
        m.put(RequestField.PLAN_FILE, Optional.of("planFile"));
        // ecrCleanup cleans 4 repositories at once and sets no lifecycle policy: the CLI's options only.
        m.put(RequestField.CONCURRENCY, Optional.empty());
        m.put(RequestField.PUT_LIFECYCLE_POLICY, Optional.empty());
        m.put(RequestField.REPOSITORIES, Optional.of("repositories"));
        m.put(RequestField.RULES, Optional.of("untaggedOlderThan, keep or taggedOlderThan"));
        m.put(RequestField.KEEP, Optional.of("keep"));
        m.put(RequestField.TAG_PATTERN, Optional.of("tagPattern"));
        m.put(RequestField.IN_USE_FILE, Optional.of("inUseFile"));
        m.put(RequestField.ALLOW_EMPTY_REPOSITORY, Optional.of("allowEmptyRepository"));
        return Map.copyOf(m);
    }
}
