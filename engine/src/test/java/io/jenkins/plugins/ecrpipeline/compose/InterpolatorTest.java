package io.jenkins.plugins.ecrpipeline.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InterpolatorTest {
    private static final SourceLocation WHERE = SourceLocation.of(Path.of("docker-compose.yml"), 7);
    private final Interpolator interpolator = new Interpolator(Map.of("SET", "value", "EMPTY", ""));

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', emptyValue = "", value = {
        "plain text               | plain text",
        "$SET                     | value",
        "${SET}                   | value",
        "a-${SET}-b               | a-value-b",
        "$SET.suffix              | value.suffix",
        "${UNSET}                 | ''",
        "$UNSET                   | ''",
        "${UNSET:-fallback}       | fallback",
        "${EMPTY:-fallback}       | fallback",
        "${UNSET-fallback}        | fallback",
        "${EMPTY-fallback}        | ''",
        "${SET:-fallback}         | value",
        "${SET?unused}            | value",
        "${EMPTY?allowed}         | ''",
        "$$                       | $",
        "$${SET}                  | ${SET}",
        "$$SET                    | $SET",
        "${UNSET:-${SET}          | ${SET",
        "cost $$5                 | cost $5",
    })
    void interpolatesLikeDockerCompose(String input, String expected) {
        assertEquals(expected.equals("''") ? "" : expected, interpolator.interpolate(input.strip(), WHERE, "image"));
    }

    @Test
    void requiredButUnsetVariableFailsWithItsMessage() {
        ComposeException e = assertThrows(ComposeException.class,
                () -> interpolator.interpolate("${REGISTRY?set REGISTRY to the ECR host}", WHERE, "service \"web\" image"));
        assertEquals("docker-compose.yml:7: required variable REGISTRY is not set (used in service \"web\" image): "
                + "set REGISTRY to the ECR host. Set REGISTRY in the environment or in the project's .env file.", e.getMessage());
    }

    @Test
    void colonQuestionMarkAlsoRejectsEmptyValues() {
        ComposeException e = assertThrows(ComposeException.class, () -> interpolator.interpolate("${EMPTY:?}", WHERE, "x"));
        assertTrue(e.getMessage().contains("required variable EMPTY is empty"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"${unclosed", "$", "trailing $", "${1BAD}", "$-x"})
    void malformedReferencesAreErrorsThatShowTheEscape(String input) {
        ComposeException e = assertThrows(ComposeException.class, () -> interpolator.interpolate(input, WHERE, "image"));
        assertTrue(e.getMessage().contains("invalid interpolation") && e.getMessage().contains("$$"), e.getMessage());
    }
}
