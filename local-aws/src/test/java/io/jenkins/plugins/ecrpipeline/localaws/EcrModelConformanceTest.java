package io.jenkins.plugins.ecrpipeline.localaws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * The members the local ECR accepts are exactly those of AWS's published ECR service model, as botocore ships it
 * (data, read at test time; nothing of it is copied into the project).
 */
class EcrModelConformanceTest {
    private static JsonNode model() throws Exception {
        Process p = new ProcessBuilder("python3", "-c", "import botocore, os; print(os.path.dirname(botocore.__file__))").start();
        String dir = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, p.waitFor(), "python3 with botocore is needed to read the ECR model");
        Path base = Path.of(dir, "data/ecr/2015-09-21");
        Path gz = base.resolve("service-2.json.gz");
        try (InputStream in = Files.exists(gz) ? new GZIPInputStream(Files.newInputStream(gz)) : Files.newInputStream(base.resolve("service-2.json"))) {
            return new ObjectMapper().readTree(in);
        }
    }

    @Test
    void requestMembersMatchTheServiceModel() throws Exception {
        JsonNode model = model();
        EcrEndpoint.MEMBERS.forEach((operation, members) -> {
            JsonNode op = model.path("operations").path(operation);
            assertTrue(op.isObject(), operation + " is an ECR operation");
            JsonNode shape = model.path("shapes").path(op.path("input").path("shape").asText());
            Set<String> modelMembers = new TreeSet<>();
            shape.path("members").fieldNames().forEachRemaining(modelMembers::add);
            assertEquals(modelMembers, new TreeSet<>(members), operation + " request members");
        });
    }

    @Test
    void failureCodesWeAnswerAreInTheModel() throws Exception {
        JsonNode codes = model().path("shapes").path("ImageFailureCode").path("enum");
        Set<String> known = new TreeSet<>();
        codes.forEach(c -> known.add(c.asText()));
        for (String code : Set.of("InvalidImageDigest", "InvalidImageTag", "ImageTagDoesNotMatchDigest", "ImageNotFound",
                "MissingDigestAndTag", "ImageReferencedByManifestList")) {
            assertTrue(known.contains(code), code);
        }
    }
}
