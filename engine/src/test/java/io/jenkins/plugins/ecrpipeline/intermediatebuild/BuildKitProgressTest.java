package io.jenkins.plugins.ecrpipeline.intermediatebuild;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The image ID from BuildKit's plain progress, as docker 20.10's built-in BuildKit and buildx print it. */
class BuildKitProgressTest {
    private static final String ID = "sha256:" + "8a".repeat(32);

    private static String imageId(List<String> lines) {
        BuildKitProgress progress = new BuildKitProgress();
        lines.forEach(progress);
        return progress.imageId();
    }

    @Test
    void theImageExportersLineGivesTheImageId() {
        assertEquals(ID, imageId(List.of("#11 exporting to image", "#11 exporting layers 0.1s done", "#11 writing image " + ID + " done",
                "#11 naming to r/app:intermediate 0.0s done", "#11 DONE 0.1s")));
        assertEquals(ID, imageId(List.of("#9 writing image " + ID + " 0.0s done")));
    }

    @Test
    void aBuildThatWroteNoImageHasNoId() {
        assertNull(imageId(List.of("#2 [internal] load .dockerignore", "#2 DONE 0.1s", "error reading from server: EOF")));
    }
}
