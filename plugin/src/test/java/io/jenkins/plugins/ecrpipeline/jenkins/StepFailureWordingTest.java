package io.jenkins.plugins.ecrpipeline.jenkins;

import static org.junit.Assert.assertEquals;

import io.jenkins.plugins.ecrpipeline.PipelineException;
import io.jenkins.plugins.ecrpipeline.RequestField;
import io.jenkins.plugins.ecrpipeline.process.Redaction;
import java.util.List;
import org.junit.Test;

/**
 * How a step's failure reads in the build log ({@link Util#abort}): the step, the engine's message, and the parameter
 * to fix in the step's own spelling, with the context's secrets masked. Plain JUnit: no Jenkins needed.
 */
public class StepFailureWordingTest {
    @Test
    public void theParameterIsNamedInTheStepsSpelling() {
        assertEquals("intermediateBuild: not a duration: 30 minutes (parameter serviceTimeout)",
                Util.abort("intermediateBuild", PipelineException.forField(RequestField.SERVICE_TIMEOUT, "not a duration: 30 minutes"), Redaction.NONE).getMessage());
        assertEquals("ecrPromote: no such tag (parameter from)",
                Util.abort("ecrPromote", PipelineException.forField(RequestField.SOURCE_TAG, "no such tag"), Redaction.NONE).getMessage());
    }

    /** A message that names its place itself (a policy file's rules[1].keep) is not followed by a second name. */
    @Test
    public void aMessageThatNamesItsPlaceIsLeftAlone() {
        assertEquals("ecrCleanup: invalid count -1 in rules[1].keep",
                Util.abort("ecrCleanup", PipelineException.forFieldNamed("rules[1].keep", "invalid count -1 in rules[1].keep"), Redaction.NONE).getMessage());
        assertEquals("ecrCleanup: the registry refused the token", Util.abort("ecrCleanup", new PipelineException("the registry refused the token"),
                Redaction.NONE).getMessage());
    }

    /** A place in a policy file that the message does not name is named as the engine names it. */
    @Test
    public void aPlaceWithoutAStepSpellingIsNamedAsTheEngineNamesIt() {
        assertEquals("ecrCleanup: too many rules (parameter rules[2])",
                Util.abort("ecrCleanup", PipelineException.forFieldNamed("rules[2]", "too many rules"), Redaction.NONE).getMessage());
    }

    /** The message is kept with the build beyond the console, so the context's secrets are masked first. */
    @Test
    public void secretsAreMaskedBeforeTheMessageIsKept() {
        Redaction secrets = Redaction.ofValues(List.of("s3cr3t-value", "s3cr3t"));
        assertEquals("ecrPromote: refused ****, then **** (parameter registry)", Util.abort("ecrPromote",
                PipelineException.forField(RequestField.REGISTRY, "refused s3cr3t-value, then s3cr3t"), secrets).getMessage());
    }
}
