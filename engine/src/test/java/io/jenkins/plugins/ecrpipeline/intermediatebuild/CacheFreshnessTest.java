package io.jenkins.plugins.ecrpipeline.intermediatebuild;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Reading BuildKit's plain progress (lines as docker 20.10 prints them; the real builds are in
 * NightlyCacheAndSafetyTest) and the Dockerfile's build-date tail, and the verdict on the registry cache.
 */
class CacheFreshnessTest {
    private static final String CACHE = "127.0.0.1:5000/app/api:intermediate-cache";

    private static BuildKitProgress progress(String... lines) {
        BuildKitProgress progress = new BuildKitProgress();
        List.of(lines).forEach(progress);
        return progress;
    }

    private static final String[] NIGHT_WITH_A_GOOD_CACHE = {
        "#1 [internal] load build definition from Dockerfile", "#1 DONE 0.0s",
        "#4 [1/5] FROM docker.io/local/busybox:latest", "#4 DONE 0.0s",
        "#9 importing cache manifest from " + CACHE, "#9 DONE 0.1s",
        "#5 [2/5] RUN mkdir -p /deps && sleep 1.5", "#6 [3/5] RUN sleep 2.0", "#7 [4/5] RUN sleep 1.0",
        "#5 CACHED", "#6 CACHED", "#7 CACHED",
        "#8 [5/5] RUN echo \"built 20261122020000\" > /app/build-date", "#8 DONE 0.1s",
        "#11 exporting to image", "#11 DONE 0.1s"};

    @Test
    void aNightThatRanOnlyTheDateTailKeepsTheCache() {
        CacheFreshness verdict = CacheFreshness.judge(progress(NIGHT_WITH_A_GOOD_CACHE), CACHE, new DateTail("", 1));
        assertFalse(verdict.refresh(), verdict.reason());
        assertEquals("current: 3 step(s) from the cache, only the 1 after the build date ran", verdict.reason());
    }

    @Test
    void aMissingCacheImageIsWritten() {
        BuildKitProgress p = progress("#9 importing cache manifest from " + CACHE, "#9 ERROR: " + CACHE + ": not found",
                "#5 [2/3] RUN make deps", "#5 DONE 3.0s", "#6 [3/3] RUN date > /built", "#6 DONE 0.1s");
        CacheFreshness verdict = CacheFreshness.judge(p, CACHE, new DateTail("", 1));
        assertTrue(verdict.refresh());
        assertEquals("no cache image to reuse yet", verdict.reason());
    }

    @Test
    void aDependencyStepThatRanRefreshesTheCacheAndIsNamed() {
        BuildKitProgress p = progress("#9 importing cache manifest from " + CACHE, "#9 DONE 0.1s",
                "#5 [ 2/12] RUN apt-get install -y libpq5", "#5 CACHED", "#6 [ 3/12] COPY package.json .", "#6 DONE 0.0s",
                "#7 [ 4/12] RUN npm ci", "#7 DONE 20.0s", "#8 [ 5/12] RUN date > /built", "#8 DONE 0.1s");
        CacheFreshness verdict = CacheFreshness.judge(p, CACHE, new DateTail("", 1));
        assertTrue(verdict.refresh());
        assertEquals("steps before the build date ran: [3] COPY package.json .; [4] RUN npm ci", verdict.reason());
    }

    @Test
    void aStepOfAnotherStageThatRanRefreshesTheCache() {
        BuildKitProgress p = progress("#9 importing cache manifest from " + CACHE, "#9 DONE 0.1s",
                "#5 [builder 2/3] RUN go build ./...", "#5 DONE 9.0s", "#6 [stage-1 2/2] RUN date > /built", "#6 DONE 0.1s",
                "#7 [linux/amd64 stage-1 1/2] FROM docker.io/library/alpine", "#7 CACHED");
        assertTrue(CacheFreshness.judge(p, CACHE, new DateTail("stage-1", 1)).refresh());
        BuildKitProgress onlyTail = progress("#9 importing cache manifest from " + CACHE, "#9 DONE 0.1s",
                "#5 [builder 2/3] RUN go build ./...", "#5 CACHED", "#6 [linux/amd64 stage-1 2/2] RUN date > /built", "#6 DONE 0.1s");
        assertFalse(CacheFreshness.judge(onlyTail, CACHE, new DateTail("stage-1", 1)).refresh());
    }

    @Test
    void theDateTailStartsAtTheFirstRunAfterTheArgumentInTheBuiltStage() {
        assertEquals(new DateTail("", 2), DateTail.of(List.of("FROM base", "LABEL a=b", "RUN deps", "COPY . /src", "ARG BUILD_DATE",
                "ENV X=1", "COPY more /more", "RUN echo $BUILD_DATE", "WORKDIR /app", "COPY app /app"), null, "BUILD_DATE"));
        // A COPY that names the argument starts the tail too; a global ARG is not in a stage's scope until declared there.
        assertEquals(new DateTail("", 2), DateTail.of(List.of("ARG BUILD_DATE", "FROM base", "RUN deps", "ARG BUILD_DATE=none",
                "COPY stamps/${BUILD_DATE} /stamp", "RUN true"), null, "BUILD_DATE"));
        assertEquals(new DateTail("", 0), DateTail.of(List.of("ARG BUILD_DATE", "FROM base", "RUN deps $BUILD_DATE"), null, "BUILD_DATE"));
        assertEquals(new DateTail("", 0), DateTail.of(List.of("FROM base", "ARG BUILD_DATE", "RUN deps"), null, null), "no date argument");
        List<String> multi = List.of("FROM golang AS builder", "ARG BUILD_DATE", "RUN go build", "FROM alpine", "ARG BUILD_DATE",
                "COPY --from=builder /app /app", "RUN echo $BUILD_DATE > /built");
        assertEquals(new DateTail("stage-1", 1), DateTail.of(multi, null, "BUILD_DATE"));
        assertEquals(new DateTail("builder", 1), DateTail.of(multi, "builder", "BUILD_DATE"));
    }
}
