package org.nas4j.web.api;

import java.util.ArrayList;
import java.util.List;
import org.nas4j.core.Architecture;
import org.nas4j.core.Decision;
import org.nas4j.web.DecisionHistory;

/**
 * How a policy converged: trials cut into consecutive windows in trial order, and for each decision the share of
 * each choice within each window. Immutable; built by {@link #of}.
 *
 * @param windows  the trial numbers each window spans (1-based, inclusive)
 * @param decisions per decision, {@code shares[window][choice]}, each window's shares summing to 1 (or all 0 when empty)
 */
public record Heatmap(List<Window> windows, List<Row> decisions) {
    /** Trials {@code from} to {@code to} (1-based, inclusive). */
    public record Window(int from, int to) {}

    /** One decision's choices and their share per window. */
    public record Row(String name, List<String> choices, double[][] shares) {}

    /** Cuts {@code history} into at most {@code windows} windows of (nearly) equal size. */
    public static Heatmap of(DecisionHistory history, int windows) {
        List<Architecture> archs = history.architectures();
        int n = archs.size();
        int w = Math.max(1, Math.min(windows, n));
        var spans = new ArrayList<Window>();
        for (int i = 0; i < w; i++) {
            spans.add(new Window((int) ((long) i * n / w) + 1, (int) ((long) (i + 1) * n / w)));
        }
        var rows = new ArrayList<Row>();
        for (Decision d : history.space().decisions()) {
            double[][] shares = new double[w][d.size()];
            var index = new java.util.HashMap<String, Integer>();
            for (int c = 0; c < d.size(); c++) {
                index.put(d.choices().get(c), c);
            }
            for (int i = 0; i < w && n > 0; i++) {
                Window span = spans.get(i);
                int count = 0;
                for (int t = span.from() - 1; t < span.to(); t++) {
                    Integer c = index.get(archs.get(t).choice(d.name()));
                    if (c != null) {
                        shares[i][c]++;
                        count++;
                    }
                }
                for (int c = 0; c < d.size() && count > 0; c++) {
                    shares[i][c] /= count;
                }
            }
            rows.add(new Row(d.name(), d.choices(), shares));
        }
        return new Heatmap(n == 0 ? List.of() : spans, rows);
    }
}
