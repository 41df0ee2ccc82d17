package io.jenkins.plugins.ecrpipeline.jenkins;

import com.fasterxml.jackson.databind.ObjectMapper;
import hudson.Extension;
import hudson.model.Action;
import hudson.model.Item;
import hudson.model.Job;
import hudson.model.Run;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import jenkins.model.TransientActionFactory;
import org.kohsuke.stapler.StaplerRequest;
import org.kohsuke.stapler.StaplerResponse;
import org.kohsuke.stapler.verb.GET;

/**
 * The job page's trend of the nightly images: per service, build time and image size over the last builds, drawn
 * as server-side SVG (no script needed) and served as JSON at {@code ecr-image-trend/json}.
 */
public final class ImageTrendAction implements Action {
    /** How many builds the trend looks back. */
    static final int BUILDS = 30;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Job<?, ?> job;

    ImageTrendAction(Job<?, ?> job) {
        this.job = job;
    }

    /** One service in one build. */
    public record Point(int build, String service, long durationMillis, long sizeBytes, String result) {
    }

    /** Oldest build first; one point per build and service. */
    public List<Point> getPoints() {
        List<Point> points = new ArrayList<>();
        List<Run<?, ?>> runs = new ArrayList<>();
        for (Run<?, ?> run : job.getBuilds().limit(BUILDS)) {
            runs.add(0, run);
        }
        for (Run<?, ?> run : runs) {
            for (ImageBuildAction action : run.getActions(ImageBuildAction.class)) {
                for (ImageBuildAction.Row row : action.getServices()) {
                    points.add(new Point(run.getNumber(), row.getService(), row.getDurationMillis(), row.getSizeBytes(), row.getResult()));
                }
            }
        }
        return points;
    }

    /** What the job page shows, computed once per page from one pass over the builds. */
    public Trend getTrend() {
        return new Trend(getPoints());
    }

    /** The points, the charts and the services of one rendering. */
    public static final class Trend {
        private final List<Point> points;

        Trend(List<Point> points) {
            this.points = List.copyOf(points);
        }

        /** Not {@code isEmpty}: {@code empty} is a keyword in Jelly's expressions. */
        public boolean isAnyPoint() {
            return !points.isEmpty();
        }

        public String getSvg() {
            return svg(points);
        }

        public List<String> getServices() {
            return points.stream().map(Point::service).distinct().sorted().toList();
        }
    }

    /** {@code GET ecr-image-trend/json}: {@code {"points": [{build, service, durationMillis, sizeBytes, result}...]}}. */
    @GET
    public void doJson(StaplerRequest request, StaplerResponse response) throws IOException {
        job.checkPermission(Item.READ);
        response.setContentType("application/json;charset=UTF-8");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("job", job.getFullName());
        body.put("points", getPoints());
        JSON.writeValue(response.getWriter(), body);
    }

    /** Two small charts (build time in s, image size in MB), one line per service. */
    static String svg(List<Point> points) {
        Map<String, List<Point>> byService = new TreeMap<>();
        for (Point point : points) {
            byService.computeIfAbsent(point.service(), s -> new ArrayList<>()).add(point);
        }
        return chart(Messages.ImageTrendAction_BuildTime(), byService, p -> p.durationMillis() / 1000.0, 0)
                + chart(Messages.ImageTrendAction_ImageSize(), byService, p -> p.sizeBytes() < 0 ? Double.NaN : p.sizeBytes() / (1024.0 * 1024), 220);
    }

    private static String chart(String title, Map<String, List<Point>> byService, java.util.function.ToDoubleFunction<Point> value, int x0) {
        List<Point> all = byService.values().stream().flatMap(Collection::stream).toList();
        int first = all.stream().mapToInt(Point::build).min().orElse(0);
        int last = all.stream().mapToInt(Point::build).max().orElse(1);
        double max = all.stream().mapToDouble(value).filter(v -> !Double.isNaN(v)).max().orElse(1);
        max = max <= 0 ? 1 : max;
        String[] colours = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"};
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
                "<svg class=\"ecr-image-trend\" xmlns=\"http://www.w3.org/2000/svg\" width=\"210\" height=\"150\" x=\"%d\" role=\"img\">"
                        + "<title>%s</title><text x=\"4\" y=\"12\" font-size=\"11\">%s</text>"
                        + "<rect x=\"4\" y=\"18\" width=\"200\" height=\"110\" fill=\"none\" stroke=\"#ccc\"/>", x0, title,
                Messages.ImageTrendAction_ChartHeading(title, String.format(Locale.ROOT, "%.1f", max))));
        int colour = 0;
        for (Map.Entry<String, List<Point>> service : byService.entrySet()) {
            StringBuilder path = new StringBuilder();
            for (Point point : service.getValue()) {
                double v = value.applyAsDouble(point);
                if (Double.isNaN(v)) {
                    continue;
                }
                double x = 4 + (last == first ? 100 : 200.0 * (point.build() - first) / (last - first));
                double y = 128 - 110 * v / max;
                path.append(path.length() == 0 ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f", x, y));
            }
            String stroke = colours[colour++ % colours.length];
            svg.append("<path fill=\"none\" stroke-width=\"2\" stroke=\"").append(stroke).append("\" d=\"").append(path)
                    .append("\"><title>").append(escape(service.getKey())).append("</title></path>");
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"142\" font-size=\"9\">#%d</text><text x=\"180\" y=\"142\" font-size=\"9\">#%d</text>",
                first, last));
        return svg.append("</svg>").toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
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
