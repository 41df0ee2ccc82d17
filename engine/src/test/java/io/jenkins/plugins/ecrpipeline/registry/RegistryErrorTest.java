package io.jenkins.plugins.ecrpipeline.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A registry's refusal is read by its status and error codes, never by its wording, which registries change. */
class RegistryErrorTest {
    private static RegistryError of(int status, String body) {
        return RegistryError.of(status, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anImmutableTagIsKnownByItsCodeWhateverTheWording() {
        // ECR's wording changed from "...because the repository is immutable." to "...because the tag is immutable."
        RegistryError newer = of(400, "{\"errors\":[{\"code\":\"TAG_INVALID\",\"message\":\"The image tag 'v1' already exists in the 'app' "
                + "repository and cannot be overwritten because the tag is immutable.\"}]}");
        RegistryError unworded = of(400, "{\"errors\":[{\"code\":\"TAG_INVALID\",\"message\":\"\"}]}");

        assertTrue(newer.is(400, "TAG_INVALID"));
        assertTrue(unworded.is(400, "TAG_INVALID"));
        assertEquals("TAG_INVALID: The image tag 'v1' already exists in the 'app' repository and cannot be overwritten because the tag is "
                + "immutable.", newer.message());
    }

    @Test
    void theWordImmutableInAnotherErrorIsNotAnImmutableTag() {
        RegistryError denied = of(403, "{\"errors\":[{\"code\":\"DENIED\",\"message\":\"repository app is immutable for this user\"}]}");
        RegistryError otherStatus = of(500, "{\"errors\":[{\"code\":\"TAG_INVALID\",\"message\":\"x\"}]}");

        assertFalse(denied.is(400, "TAG_INVALID"));
        assertFalse(otherStatus.is(400, "TAG_INVALID"));
    }

    @Test
    void everyCodeIsKeptAndABodyThatIsNotJsonIsQuotedNotParsed() {
        RegistryError two = of(400, "{\"errors\":[{\"code\":\"MANIFEST_INVALID\",\"message\":\"a\"},{\"code\":\"TAG_INVALID\",\"message\":\"b\"}]}");
        RegistryError html = of(502, "<html>Bad Gateway</html>");
        RegistryError empty = RegistryError.of(404, new byte[0]);

        assertEquals(List.of("MANIFEST_INVALID", "TAG_INVALID"), two.codes());
        assertEquals("MANIFEST_INVALID: a; TAG_INVALID: b", two.message());
        assertEquals(List.of(), html.codes());
        assertEquals("<html>Bad Gateway</html>", html.message());
        assertEquals("", empty.message());
    }
}
