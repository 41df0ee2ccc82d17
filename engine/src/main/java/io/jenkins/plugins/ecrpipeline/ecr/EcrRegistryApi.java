package io.jenkins.plugins.ecrpipeline.ecr;

import software.amazon.awssdk.services.ecr.EcrClient;

/**
 * ECR's API for one registry, through the session whose credentials reach it; lives as long as the authorizer.
 *
 * @param host the registry host the API serves
 * @param client the ECR client of that session
 * @param registryId the account id to name in calls, or null for the session's own account
 * @param credentialSource where the session's credentials came from, for error messages
 */
public record EcrRegistryApi(String host, EcrClient client, String registryId, String credentialSource) {
}
