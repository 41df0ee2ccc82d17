package io.jenkins.plugins.ecrpipeline.localaws;

import java.time.Instant;

/**
 * A repository's ECR metadata; its images live in the account's registry.
 *
 * @param lifecyclePolicyText the lifecycle policy JSON, or null
 */
record EcrRepository(String account, String region, String name, Instant createdAt, String imageTagMutability,
        boolean scanOnPush, String lifecyclePolicyText) {

    String arn() {
        return "arn:aws:ecr:" + region + ":" + account + ":repository/" + name;
    }

    boolean immutableTags() {
        return "IMMUTABLE".equals(imageTagMutability);
    }

    EcrRepository withLifecyclePolicy(String text) {
        return new EcrRepository(account, region, name, createdAt, imageTagMutability, scanOnPush, text);
    }
}
