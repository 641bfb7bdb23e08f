package org.nas4j.evaluator.tabular;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nas4j.core.Architecture;
import org.nas4j.core.Decision;
import org.nas4j.core.DecisionSpace;
import org.nas4j.core.UserError;
import org.nas4j.core.UserFiles;

/**
 * A tabular benchmark: a CSV whose columns are the decisions of a space (choice names) plus numeric metric
 * columns, one row per architecture. Immutable and thread-safe once loaded.
 */
public final class TabularBenchmark {
    private final DecisionSpace space;
    private final List<String> metrics;
    private final Map<String, double[]> rows;

    private TabularBenchmark(DecisionSpace space, List<String> metrics, Map<String, double[]> rows) {
        this.space = space;
        this.metrics = List.copyOf(metrics);
        this.rows = rows;
    }

    /** Reads {@code csv}, checking every decision column and every choice against {@code space}. */
    public static TabularBenchmark load(DecisionSpace space, Path csv) {
        List<String> lines = UserFiles.read(csv, "table", "give the path of the benchmark's CSV").lines().toList();
        if (lines.isEmpty()) {
            throw new UserError("table " + csv + " is empty: it needs a header row of decision and metric columns");
        }
        List<String> header = Arrays.asList(lines.get(0).strip().split(",", -1));
        int[] decisionColumns = new int[space.decisions().size()];
        for (int d = 0; d < decisionColumns.length; d++) {
            decisionColumns[d] = header.indexOf(space.decisions().get(d).name());
            if (decisionColumns[d] < 0) {
                throw new UserError("table " + csv + " has no column for decision '" + space.decisions().get(d).name()
                        + "' of space '" + space.name() + "'; its columns are " + header);
            }
        }
        var metricColumns = new ArrayList<Integer>();
        var metricNames = new ArrayList<String>();
        for (int c = 0; c < header.size(); c++) {
            if (space.indexOf(header.get(c)) < 0) {
                metricColumns.add(c);
                metricNames.add(header.get(c));
            }
        }
        var rows = new HashMap<String, double[]>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            String[] cells = lines.get(i).strip().split(",", -1);
            if (cells.length != header.size()) {
                throw new UserError("table " + csv + " line " + (i + 1) + " has " + cells.length + " cells, the header " + header.size());
            }
            var choices = new String[decisionColumns.length];
            for (int d = 0; d < choices.length; d++) {
                Decision decision = space.decisions().get(d);
                choices[d] = cells[decisionColumns[d]];
                if (decision.indexOf(choices[d]) < 0) {
                    throw new UserError("table " + csv + " line " + (i + 1) + ": '" + choices[d] + "' is not a choice of decision '"
                            + decision.name() + "'; allowed: " + decision.choices());
                }
            }
            double[] values = new double[metricColumns.size()];
            for (int m = 0; m < values.length; m++) {
                try {
                    values[m] = Double.parseDouble(cells[metricColumns.get(m)]);
                } catch (NumberFormatException e) {
                    throw new UserError("table " + csv + " line " + (i + 1) + ": metric '" + metricNames.get(m)
                            + "' is not a number: '" + cells[metricColumns.get(m)] + "'");
                }
            }
            rows.put(String.join(",", choices), values);
        }
        return new TabularBenchmark(space, metricNames, rows);
    }

    public DecisionSpace space() {
        return space;
    }

    public List<String> metrics() {
        return metrics;
    }

    public int size() {
        return rows.size();
    }

    /** The column index of {@code metric}. @throws UserError naming the metrics there are */
    public int metric(String metric) {
        int m = metrics.indexOf(metric);
        if (m < 0) {
            throw new UserError("the table has no metric '" + metric + "'; its metrics are " + metrics);
        }
        return m;
    }

    /** The value of metric column {@code metric} for {@code architecture}. @throws UserError when it is not in the table */
    public double value(Architecture architecture, int metric) {
        double[] row = rows.get(space.validate(architecture).key());
        if (row == null) {
            throw new UserError("architecture " + architecture.key() + " is not in the table: the table and the space do not match");
        }
        return row[metric];
    }

    /** Every value of a metric column, in no particular order (for optimum and percentiles). */
    public double[] column(int metric) {
        return rows.values().stream().mapToDouble(r -> r[metric]).toArray();
    }
}
