package io.jenkins.plugins.ecrpipeline.jenkins;

import com.fasterxml.jackson.databind.ObjectMapper;
import hudson.Extension;
import hudson.model.Action;
import hudson.model.Item;
import hudson.model.Job;
import hudson.model.Result;
import hudson.model.Run;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jenkins.model.TransientActionFactory;
import org.kohsuke.stapler.StaplerRequest;
import org.kohsuke.stapler.StaplerResponse;
import org.kohsuke.stapler.verb.GET;

/**
 * The job page's trend of the nightly images: per service, build time and image size over the last builds, drawn in
 * the browser with the echarts-api plugin from the JSON at {@code ecr-image-trend/json}, which scripts may read too.
 */
public final class ImageTrendAction implements Action {
    /** How many builds the trend looks back. */
    static final int BUILDS = 30;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Job<?, ?> job;

    ImageTrendAction(Job<?, ?> job) {
        this.job = job;
    }

    /**
     * One service in one build.
     *
     * @param result the service's result ({@code pushed}, {@code build failed}, {@code skipped}...)
     * @param failed whether that result is a failure (skipped and cancelled count as failed)
     */
    public record Point(int build, String service, long durationMillis, long sizeBytes, String result, boolean failed) {
    }

    /**
     * One build that ran {@code intermediateBuild}.
     *
     * @param name its display name
     * @param url its URL relative to Jenkins' root ({@code job/nightly/5/})
     * @param result Jenkins' result ({@code SUCCESS}, {@code FAILURE}...), or {@code RUNNING}
     */
    public record Build(int number, String name, String url, String result) {
    }

    /** The builds (oldest first) and their points, from one pass over the last {@value #BUILDS} builds. */
    public Trend getTrend() {
        List<Run<?, ?>> runs = new ArrayList<>();
        for (Run<?, ?> run : job.getBuilds().limit(BUILDS)) {
            runs.add(0, run);
        }
        List<Build> builds = new ArrayList<>();
        List<Point> points = new ArrayList<>();
        for (Run<?, ?> run : runs) {
            List<ImageBuildAction> actions = run.getActions(ImageBuildAction.class);
            if (actions.isEmpty()) {
                continue;
            }
            Result result = run.getResult();
            builds.add(new Build(run.getNumber(), run.getDisplayName(), run.getUrl(), result == null ? "RUNNING" : result.toString()));
            for (ImageBuildAction action : actions) {
                for (ImageBuildAction.Row row : action.getServices()) {
                    points.add(new Point(run.getNumber(), row.getService(), row.getDurationMillis(), row.getSizeBytes(), row.getResult(), row.isFailed()));
                }
            }
        }
        return new Trend(builds, points);
    }

    /** How many builds the trend looks back, for the page. */
    public int getBuilds() {
        return BUILDS;
    }

    /** Oldest build first; one point per build and service. */
    public List<Point> getPoints() {
        return getTrend().points;
    }

    /** What the job page shows. */
    public static final class Trend {
        private final List<Build> builds;
        private final List<Point> points;

        Trend(List<Build> builds, List<Point> points) {
            this.builds = List.copyOf(builds);
            this.points = List.copyOf(points);
        }

        /** Whether a service was built at all: otherwise the page says what will appear. */
        public boolean isAnyImage() {
            return points.stream().anyMatch(p -> !p.failed());
        }

        public List<String> getServices() {
            return points.stream().map(Point::service).distinct().sorted().toList();
        }

        /** {@code 3 builds}. */
        public String getBuildCount() {
            return SummaryText.count(builds.size(), "build", "builds");
        }

        /** The newest build's name, for the empty state's link; null when there is none. */
        public String getNewestName() {
            return builds.isEmpty() ? null : builds.get(builds.size() - 1).name();
        }

        /** The newest build's URL relative to Jenkins' root; null when there is none. */
        public String getNewestUrl() {
            return builds.isEmpty() ? null : builds.get(builds.size() - 1).url();
        }
    }

    /**
     * {@code GET ecr-image-trend/json}: {@code {"job", "builds": [{number, name, url, result}...], "points": [{build,
     * service, durationMillis, sizeBytes, result, failed}...]}}, oldest first.
     */
    @GET
    public void doJson(StaplerRequest request, StaplerResponse response) throws IOException {
        job.checkPermission(Item.READ);
        Trend trend = getTrend();
        response.setContentType("application/json;charset=UTF-8");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("job", job.getFullName());
        body.put("builds", trend.builds);
        body.put("points", trend.points);
        JSON.writeValue(response.getWriter(), body);
    }

    @Override
    public String getIconFileName() {
        return null;
    }

    @Override
    public String getDisplayName() {
        return Messages.ImageTrendAction_DisplayName();
    }

    @Override
    public String getUrlName() {
        return "ecr-image-trend";
    }

    /**
     * Adds the trend to the jobs that build nightly images: those whose newest build, newest finished build or newest
     * successful build ran {@code intermediateBuild}. Those builds are the ones Jenkins keeps at hand for the job page,
     * so other jobs' pages load nothing more.
     */
    @Extension
    public static final class Factory extends TransientActionFactory<Job> {
        @Override
        public Class<Job> type() {
            return Job.class;
        }

        @Override
        public Collection<? extends Action> createFor(Job target) {
            for (Run<?, ?> run : java.util.Arrays.asList(target.getLastBuild(), target.getLastCompletedBuild(), target.getLastSuccessfulBuild())) {
                if (run != null && run.getAction(ImageBuildAction.class) != null) {
                    return List.of(new ImageTrendAction(target));
                }
            }
            return List.of();
        }
    }
}
