package io.jenkins.plugins.ecrpipeline.jenkins;

import static org.junit.Assert.assertEquals;

import io.jenkins.plugins.ecrpipeline.RequestField;
import java.util.EnumSet;
import java.util.Optional;
import org.junit.Test;

/** The steps spell every engine request field (plain JUnit: no Jenkins needed). */
public class StepSpellingTest {
    @Test
    public void everyRequestFieldHasAStepSpelling() {
        assertEquals(EnumSet.allOf(RequestField.class), EnumSet.copyOf(StepSpelling.PARAMETERS.keySet()));
    }

    @Test
    public void aFailureNamesTheParameterInTheStepsSpelling() {
        assertEquals(Optional.of("compose"), StepSpelling.of("compose file"));
        assertEquals("tagPattern", Util.parameterName("tag pattern"));
        // A place inside a policy file is named by the message itself.
        assertEquals("rules[1].keep", Util.parameterName("rules[1].keep"));
    }
}
