package io.jenkins.plugins.ecrpipeline.intermediatebuild;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Whether a service's registry cache image still serves, judged from tonight's build: it does when the build imported
 * it and ran nothing but the steps the build date re-runs ({@link DateTail}); then the cache stays as it is, and the
 * build needs no second pass. Otherwise (no cache yet, or a dependency step ran because the Dockerfile or its inputs
 * changed) the cache is refreshed from this build.
 *
 * @param refresh whether to write and push a new cache image
 * @param reason why, for the log
 */
record CacheFreshness(boolean refresh, String reason) {
    static CacheFreshness judge(BuildKitProgress progress, String cacheImage, DateTail tail) {
        if (!progress.imported(cacheImage)) {
            return new CacheFreshness(true, "no cache image to reuse yet");
        }
        List<BuildKitProgress.Step> ran = progress.executedSteps();
        List<BuildKitProgress.Step> outside = ran.stream().filter(s -> !s.stage().equals(tail.stage())).toList();
        if (!outside.isEmpty() || ran.size() > tail.steps()) {
            List<BuildKitProgress.Step> shown = outside.isEmpty() ? ran.subList(0, ran.size() - tail.steps()) : outside;
            return new CacheFreshness(true, "steps before the build date ran: " + shown.stream().limit(3).map(Object::toString)
                    .collect(Collectors.joining("; ")) + (shown.size() > 3 ? "; ..." : ""));
        }
        if (progress.cachedSteps() == 0 && !ran.isEmpty() && ran.size() == tail.steps()) {
            return new CacheFreshness(false, "current: every step follows the build date");
        }
        return new CacheFreshness(false, "current: " + progress.cachedSteps() + " step(s) from the cache, only the " + ran.size()
                + " after the build date ran");
    }
}
