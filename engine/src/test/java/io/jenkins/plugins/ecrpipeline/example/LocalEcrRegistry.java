package io.jenkins.plugins.ecrpipeline.example;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import software.amazon.awssdk.auth.credentials.InstanceProfileCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.AuthorizationData;

/** The registry behind a running local ECR, read over the Docker registry HTTP API as docker would. */
record LocalEcrRegistry(URI localAws, AuthorizationData auth) {
    static LocalEcrRegistry of(URI localAws) {
        try (EcrClient ecr = EcrClient.builder().endpointOverride(localAws).region(Region.EU_WEST_1)
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(InstanceProfileCredentialsProvider.builder().endpoint(localAws.toString()).build()).build()) {
            return new LocalEcrRegistry(localAws, ecr.getAuthorizationToken().authorizationData().get(0));
        }
    }

    /** GET {@code /v2/<repository><path>} with a pull token for the repository. */
    HttpResponse<String> get(String repository, String path, String... headers) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        String tokenJson = http.send(HttpRequest.newBuilder(localAws.resolve("/_registry/token?service=ecr-111111111111&scope=repository:"
                + repository + ":pull")).header("Authorization", "Basic " + auth.authorizationToken()).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        String token = new ObjectMapper().readTree(tokenJson).get("token").asText();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(auth.proxyEndpoint() + "/v2/" + repository + path))
                .header("Authorization", "Bearer " + token);
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
