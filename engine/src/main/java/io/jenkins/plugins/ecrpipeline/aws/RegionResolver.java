package io.jenkins.plugins.ecrpipeline.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.ecrpipeline.PipelineException;
import io.jenkins.plugins.ecrpipeline.RequestField;
import java.io.IOException;

/** The region: the argument, else {@code AWS_REGION} / {@code AWS_DEFAULT_REGION}, else the instance identity document. */
final class RegionResolver {
    private RegionResolver() {
    }

    /** The region and where it came from. */
    record ResolvedRegion(String region, String source) {
    }

    static ResolvedRegion resolve(String explicit, AwsEnvironment environment, ImdsClient imds) throws InterruptedException {
        if (explicit != null && !explicit.isBlank()) {
            return new ResolvedRegion(RegionName.require(explicit, "region"), "argument");
        }
        for (String variable : new String[] {"AWS_REGION", "AWS_DEFAULT_REGION"}) {
            if (environment.get(variable) != null) {
                return new ResolvedRegion(environment.get(variable), variable);
            }
        }
        try {
            JsonNode document = new ObjectMapper().readTree(imds.get("/latest/dynamic/instance-identity/document"));
            String region = document.path("region").asText(null);
            if (region != null) {
                return new ResolvedRegion(region, "instance identity document");
            }
        } catch (PipelineException | IOException e) {
            throw PipelineException.forField(RequestField.REGION, "no AWS region: set the region, or AWS_REGION; the instance "
                    + "identity document could not give one either (" + e.getMessage() + ")", e);
        }
        throw PipelineException.forField(RequestField.REGION, "no AWS region: set the region, or AWS_REGION.");
    }
}
