package io.jenkins.plugins.ecrpipeline.aws;

import io.jenkins.plugins.ecrpipeline.PipelineException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * A small IMDSv2 client with short timeouts, for what the SDK does not give: the instance's region, and a
 * diagnosis when instance credentials fail (a token PUT that never answers is the container hop-limit problem).
 */
final class ImdsClient {
    static final String HOP_LIMIT_FIX = "The instance metadata service did not answer the IMDSv2 token request within %d s. "
            + "In a container (Docker, Kubernetes) this is the PUT response hop limit: raise it to 2 with "
            + "'aws ec2 modify-instance-metadata-options --instance-id <id> --http-put-response-hop-limit 2 "
            + "--http-endpoint enabled' (or in the launch template), or run the agent with host networking.";

    private final URI endpoint;
    private final Duration timeout;
    private final HttpClient http;

    public ImdsClient(URI endpoint, Duration timeout) {
        this.endpoint = endpoint;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** A session token, or a {@link PipelineException} that says what is wrong with the metadata service. */
    String token() throws InterruptedException {
        HttpRequest put = HttpRequest.newBuilder(endpoint.resolve("/latest/api/token")).timeout(timeout)
                .header("X-aws-ec2-metadata-token-ttl-seconds", "300").PUT(HttpRequest.BodyPublishers.noBody()).build();
        try {
            HttpResponse<String> response = http.send(put, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new PipelineException("the instance metadata service at " + endpoint + " refused a session token (HTTP "
                        + response.statusCode() + "). IMDS may be disabled on this instance ('--http-endpoint enabled').");
            }
            return response.body();
        } catch (HttpTimeoutException e) {
            throw new PipelineException(String.format(HOP_LIMIT_FIX, timeout.toSeconds()), e);
        } catch (IOException e) {
            throw new PipelineException("no instance metadata service at " + endpoint + " (" + io.jenkins.plugins.ecrpipeline.NetworkErrors.describe(e, timeout)
                    + "): this is not an EC2 instance, or the metadata endpoint is blocked.", e);
        }
    }

    /** GETs a metadata path with a fresh session token. */
    public String get(String path) throws InterruptedException {
        String token = token();
        HttpRequest get = HttpRequest.newBuilder(endpoint.resolve(path)).timeout(timeout).header("X-aws-ec2-metadata-token", token).build();
        try {
            HttpResponse<String> response = http.send(get, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new PipelineException("instance metadata " + path + " answered HTTP " + response.statusCode());
            }
            return response.body();
        } catch (IOException e) {
            throw new PipelineException("instance metadata " + path + " failed: " + io.jenkins.plugins.ecrpipeline.NetworkErrors.describe(e, timeout), e);
        }
    }
}
