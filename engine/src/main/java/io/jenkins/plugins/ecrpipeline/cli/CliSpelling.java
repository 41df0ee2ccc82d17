package io.jenkins.plugins.ecrpipeline.cli;

import io.jenkins.plugins.ecrpipeline.RequestField;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/** How the CLI spells each engine request field, so that an error can name the option to fix. */
final class CliSpelling {
    /** Every constant of {@link RequestField}; CliSpellingTest holds it to that. */
    static final Map<RequestField, String> OPTIONS = options();

    private CliSpelling() {
    }

    /** The option for an engine field; empty for a place inside a policy file, which the message names itself. */
    static Optional<String> of(String engineField) {
        return RequestField.named(engineField).map(OPTIONS::get);
    }

    private static Map<RequestField, String> options() {
        Map<RequestField, String> m = new EnumMap<>(RequestField.class);
        m.put(RequestField.COMPOSE_FILE, "--compose");
        m.put(RequestField.REGISTRY, "--registry");
        m.put(RequestField.REGION, "--region");
        m.put(RequestField.REPORT_FILE, "--report");
        m.put(RequestField.TAG, "--tag");
        m.put(RequestField.PARALLEL, "--parallel");
        m.put(RequestField.PATTERN, "--pattern");
        m.put(RequestField.SERVICES, "--services");
        m.put(RequestField.BUILD_ARGS, "--build-arg");
        m.put(RequestField.SHARD, "--shard");
        m.put(RequestField.REGISTRY_IDS, "--registry-ids");
        m.put(RequestField.PUSH_ATTEMPTS, "--push-attempts");
        m.put(RequestField.DATED_TAG, "--dated-tag");
        m.put(RequestField.SERVICE_TIMEOUT, "--service-timeout");
        m.put(RequestField.SMOKE_TESTS, "--smoke-test");
        m.put(RequestField.SMOKE_TEST_NETWORK, "--smoke-test-network");
        m.put(RequestField.TARGET_TAGS, "--to");
        m.put(RequestField.EXPECTED_DIGEST, "--expect-digest");
        m.put(RequestField.SOURCE, "--image");
        m.put(RequestField.SOURCE_TAG, "--from");
        m.put(RequestField.PROMOTION_REPORT, "--promotion");
        m.put(RequestField.IMAGES, "--image");
        m.put(RequestField.DEPLOY_COMMAND, "COMMAND");
        m.put(RequestField.POLICY, "--policy");
        m.put(RequestField.PLAN_FILE, "--plan-file");
        m.put(RequestField.CONCURRENCY, "--concurrency");
        m.put(RequestField.PUT_LIFECYCLE_POLICY, "--put-lifecycle-policy");
        m.put(RequestField.REPOSITORIES, "--repository");
        m.put(RequestField.RULES, "--untagged-older-than, --keep or --tagged-older-than");
        m.put(RequestField.KEEP, "--keep");
        m.put(RequestField.TAG_PATTERN, "--tag-pattern");
        m.put(RequestField.IN_USE_FILE, "--in-use-file");
        m.put(RequestField.ALLOW_EMPTY_REPOSITORY, "--allow-empty-repository");
        return Map.copyOf(m);
    }
}
