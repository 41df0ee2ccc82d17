import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Draws a grouped bar chart PNG with value labels from a CSV of group,series,value (header line first; groups and
 * series keep the order in which they first appear; a missing value leaves a gap).
 *
 * <pre>java bench/nightly/Chart.java IN.csv OUT.png "title" ["y axis label"]</pre>
 *
 * Hand-written because no plotting library is installed here; java.awt runs headless and ImageIO writes PNG.
 */
public final class Chart {
    private static final Color[] PALETTE = {
        new Color(0xd6, 0x27, 0x28), new Color(0xff, 0x7f, 0x0e), new Color(0x94, 0x67, 0xbd),
        new Color(0x1f, 0x77, 0xb4), new Color(0x2c, 0xa0, 0x2c), new Color(0x8c, 0x56, 0x4b),
        new Color(0x7f, 0x7f, 0x7f)};
    private static final int BAR = 26, GROUP_GAP = 34, LEFT = 78, RIGHT = 24, TOP = 78, BOTTOM = 64, PLOT_HEIGHT = 380;

    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            System.err.println("usage: java Chart.java IN.csv OUT.png TITLE [Y_LABEL]");
            System.exit(2);
        }
        System.setProperty("java.awt.headless", "true");
        Map<String, Map<String, Double>> data = new LinkedHashMap<>();
        List<String> series = new ArrayList<>();
        List<String> lines = Files.readAllLines(Path.of(args[0]));
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(",", -1);
            if (f.length != 3) {
                throw new IllegalArgumentException("expected group,series,value in " + args[0] + ", got: " + line);
            }
            data.computeIfAbsent(f[0], g -> new LinkedHashMap<>()).put(f[1], Double.parseDouble(f[2]));
            if (!series.contains(f[1])) {
                series.add(f[1]);
            }
        }
        if (data.isEmpty()) {
            throw new IllegalArgumentException("no data rows in " + args[0]);
        }
        String yLabel = args.length > 3 ? args[3] : "";
        double max = data.values().stream().flatMap(m -> m.values().stream()).mapToDouble(d -> d).max().orElse(1);
        double step = niceStep(max / 5);
        double top = Math.ceil(max * 1.08 / step) * step;

        int groupWidth = series.size() * BAR;
        int plotWidth = data.size() * groupWidth + (data.size() + 1) * GROUP_GAP;
        // Wide enough for the plot, the title and the one-row legend.
        Graphics2D probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
        int titleWidth = probe.getFontMetrics(new Font(Font.SANS_SERIF, Font.BOLD, 15)).stringWidth(args[2]);
        FontMetrics legendMetrics = probe.getFontMetrics(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int legendWidth = series.stream().mapToInt(s -> 34 + legendMetrics.stringWidth(s)).sum();
        probe.dispose();
        int width = Math.max(LEFT + Math.max(plotWidth, Math.max(titleWidth, legendWidth)) + RIGHT, 640);
        int height = TOP + PLOT_HEIGHT + BOTTOM;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);

        Font plain = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
        Font small = new Font(Font.SANS_SERIF, Font.PLAIN, 10);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(args[2], LEFT, 24);

        // Legend, one row under the title.
        g.setFont(plain);
        FontMetrics fm = g.getFontMetrics();
        int x = LEFT;
        for (int s = 0; s < series.size(); s++) {
            g.setColor(color(series.get(s), s));
            g.fillRect(x, 38, 12, 12);
            g.setColor(Color.BLACK);
            g.drawString(series.get(s), x + 16, 49);
            x += 16 + fm.stringWidth(series.get(s)) + 18;
        }

        // Y axis: grid lines and tick labels.
        int baseY = TOP + PLOT_HEIGHT;
        g.setStroke(new BasicStroke(1));
        for (double v = 0; v <= top + step / 2; v += step) {
            int y = baseY - (int) Math.round(v / top * PLOT_HEIGHT);
            g.setColor(new Color(0xe4, 0xe4, 0xe4));
            g.drawLine(LEFT, y, LEFT + plotWidth, y);
            g.setColor(Color.DARK_GRAY);
            String tick = step >= 1 ? String.format(Locale.ROOT, "%.0f", v) : format(v);
            g.drawString(tick, LEFT - 8 - fm.stringWidth(tick), y + 4);
        }
        g.setColor(Color.BLACK);
        g.drawLine(LEFT, TOP, LEFT, baseY);
        g.drawLine(LEFT, baseY, LEFT + plotWidth, baseY);
        if (!yLabel.isEmpty()) {
            AffineTransform saved = g.getTransform();
            g.rotate(-Math.PI / 2);
            g.drawString(yLabel, -(TOP + PLOT_HEIGHT / 2 + fm.stringWidth(yLabel) / 2), 20);
            g.setTransform(saved);
        }

        // Bars with their values, and the group names under them.
        int gx = LEFT + GROUP_GAP;
        for (Map.Entry<String, Map<String, Double>> group : data.entrySet()) {
            for (int s = 0; s < series.size(); s++) {
                Double v = group.getValue().get(series.get(s));
                if (v == null) {
                    continue;
                }
                int bx = gx + s * BAR;
                int h = (int) Math.round(v / top * PLOT_HEIGHT);
                g.setColor(color(series.get(s), s));
                g.fillRect(bx + 1, baseY - h, BAR - 2, h);
                g.setColor(Color.BLACK);
                g.setFont(small);
                FontMetrics sm = g.getFontMetrics();
                String label = format(v);
                if (sm.stringWidth(label) <= BAR) {
                    g.drawString(label, bx + (BAR - sm.stringWidth(label)) / 2, baseY - h - 3);
                } else {
                    AffineTransform saved = g.getTransform();
                    g.translate(bx + BAR / 2 + 4, baseY - h - 3);
                    g.rotate(-Math.PI / 2);
                    g.drawString(label, 0, 0);
                    g.setTransform(saved);
                }
            }
            g.setFont(plain);
            String name = group.getKey();
            g.drawString(name, gx + (groupWidth - fm.stringWidth(name)) / 2, baseY + 20);
            gx += groupWidth + GROUP_GAP;
        }
        g.dispose();
        ImageIO.write(image, "png", Path.of(args[1]).toFile());
    }

    // A bound is not a contender: grey, whatever its position.
    private static Color color(String series, int index) {
        return series.toLowerCase(Locale.ROOT).startsWith("lower") ? new Color(0x9a, 0x9a, 0x9a) : PALETTE[index % PALETTE.length];
    }

    private static double niceStep(double raw) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(Math.max(raw, 1e-9))));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * magnitude >= raw) {
                return m * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static String format(double v) {
        return v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }
}
