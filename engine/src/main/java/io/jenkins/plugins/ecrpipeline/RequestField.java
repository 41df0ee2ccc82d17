package io.jenkins.plugins.ecrpipeline;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every request field the engine names in its errors ({@link PipelineException#field()}), in the engine's words. Each
 * face keeps one table spelling every constant its own way (the CLI's {@code --compose}, the steps' {@code compose});
 * tests hold each table to cover them all, so a new field cannot be forgotten by one face.
 */
public enum RequestField {
    COMPOSE_FILE("compose file"),
    REGISTRY("registry"),
    REGION("region"),
    REPORT_FILE("report file"),
    TAG("tag"),
    PARALLEL("parallel"),
    PATTERN("pattern"),
    SERVICES("services"),
    BUILD_ARGS("build args"),
    SHARD("shard"),
    REGISTRY_IDS("registry ids"),
    PUSH_ATTEMPTS("push attempts"),
    DATED_TAG("dated tag"),
    SERVICE_TIMEOUT("service timeout"),
    SMOKE_TESTS("smoke tests"),
    SMOKE_TEST_NETWORK("smoke test network"),
    TARGET_TAGS("target tags"),
    EXPECTED_DIGEST("expected digest"),
    SOURCE("source"),
    SOURCE_TAG("source tag"),
    PROMOTION_REPORT("promotion report"),
    IMAGES("images"),
    DEPLOY_COMMAND("deploy command"),
    POLICY("policy"),
    PLAN_FILE("plan file"),
    CONCURRENCY("concurrency"),
    PUT_LIFECYCLE_POLICY("put lifecycle policy"),
    REPOSITORIES("repositories"),
    RULES("rules"),
    KEEP("keep"),
    TAG_PATTERN("tag pattern"),
    IN_USE_FILE("inUseFile"),
    ALLOW_EMPTY_REPOSITORY("allowEmptyRepository");

    private final String engineName;

    RequestField(String engineName) {
        this.engineName = engineName;
    }

    /** The name {@link PipelineException#field()} gives, e.g. {@code compose file}. */
    public String engineName() {
        return engineName;
    }

    /**
     * The field a {@link PipelineException#field()} names; empty for a place inside a policy file
     * ({@code rules[1].keep}), which the message names itself.
     */
    public static Optional<RequestField> named(String engineName) {
        return Arrays.stream(values()).filter(f -> f.engineName.equals(engineName)).findFirst();
    }
}
