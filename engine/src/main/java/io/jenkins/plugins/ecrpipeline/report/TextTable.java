package io.jenkins.plugins.ecrpipeline.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Fixed-width columns for logs: the first row is the heading; every column is as wide as its widest cell. */
public final class TextTable {
    private TextTable() {
    }

    public static List<String> render(List<String[]> rows) {
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        List<String> lines = new ArrayList<>();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == 0 ? "" : "  ").append(String.format(Locale.ROOT, "%-" + widths[i] + "s", row[i]));
            }
            lines.add(line.toString().stripTrailing());
        }
        return lines;
    }
}
