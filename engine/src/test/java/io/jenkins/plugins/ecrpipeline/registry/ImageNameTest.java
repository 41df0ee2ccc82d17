package io.jenkins.plugins.ecrpipeline.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jenkins.plugins.ecrpipeline.PipelineException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageNameTest {
    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {
        "web,                                                        -, web, -",
        "web:intermediate,                                           -, web, intermediate",
        "team/web:1.0,                                               -, team/web, 1.0",
        "127.0.0.1:5000/web:intermediate,                            127.0.0.1:5000, web, intermediate",
        "localhost/web,                                              localhost, web, -",
        "123456789012.dkr.ecr.eu-west-1.amazonaws.com/app/web:qa,    123456789012.dkr.ecr.eu-west-1.amazonaws.com, app/web, qa",
        "registry.example:443/web@sha256:abc,                        registry.example:443, web, -",
    })
    void parsesRegistryRepositoryAndTag(String reference, String registry, String repository, String tag) {
        ImageName name = ImageName.parse(reference.strip());
        assertEquals(registry, name.registry());
        assertEquals(repository, name.repository());
        assertEquals(tag, name.tag());
    }

    @ParameterizedTest
    @CsvSource({"Web", "web/", "-web", "web..x"})
    void rejectsRepositoryNamesRegistriesWouldRefuse(String repository) {
        assertThrows(PipelineException.class, () -> new ImageName(null, repository, "intermediate"));
    }

    @ParameterizedTest
    @CsvSource({".hidden", "-dash", "has/slash", "has space"})
    void rejectsInvalidTags(String tag) {
        assertThrows(PipelineException.class, () -> new ImageName("r.example", "web", tag));
    }
}
