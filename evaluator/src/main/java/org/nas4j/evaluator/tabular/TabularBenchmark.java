package org.nas4j.evaluator.tabular;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    /**
     * A smaller benchmark cut from this one, to try strategies on spaces of other shapes: each decision in
     * {@code fixed} kept at its choice and dropped from the space (fewer layers), each decision in {@code averaged}
     * marginalised out (every metric the mean over its choices), and each choice in {@code excluded} taken out
     * of every decision with the rows that use it (fewer ops).
     * @throws UserError naming an unknown decision or choice, or a cut that leaves no decision or no choice
     */
    public TabularBenchmark subspace(Map<String, String> fixed, Set<String> averaged, Set<String> excluded) {
        List<Decision> decisions = space.decisions();
        for (String d : union(fixed.keySet(), averaged)) {
            if (space.indexOf(d) < 0) {
                throw new UserError("sub-space: no decision '" + d + "'; the decisions are "
                        + decisions.stream().map(Decision::name).toList());
            }
        }
        fixed.forEach((d, c) -> {
            if (decisions.get(space.indexOf(d)).indexOf(c) < 0) {
                throw new UserError("sub-space: '" + c + "' is not a choice of decision '" + d + "'");
            }
        });
        for (String c : excluded) {
            if (decisions.stream().noneMatch(d -> d.indexOf(c) >= 0)) {
                throw new UserError("sub-space: no decision has the choice '" + c + "' to exclude");
            }
        }
        var kept = new ArrayList<Decision>();
        for (Decision d : decisions) {
            if (!fixed.containsKey(d.name()) && !averaged.contains(d.name())) {
                List<String> choices = d.choices().stream().filter(c -> !excluded.contains(c)).toList();
                if (choices.isEmpty()) {
                    throw new UserError("sub-space: excluding " + excluded + " leaves decision '" + d.name() + "' no choice");
                }
                kept.add(new Decision(d.name(), choices, d.skip(), d.layer()));
            }
        }
        if (kept.isEmpty()) {
            throw new UserError("sub-space: fixing " + fixed.keySet() + " and averaging " + averaged + " leaves no decision");
        }
        var sums = new HashMap<String, double[]>();
        var counts = new HashMap<String, Integer>();
        rows.forEach((key, values) -> {
            String[] choices = key.split(",", -1);
            var cut = new ArrayList<String>();
            for (int d = 0; d < choices.length; d++) {
                String name = decisions.get(d).name();
                if (fixed.containsKey(name) ? !fixed.get(name).equals(choices[d]) : excluded.contains(choices[d])) {
                    return;
                }
                if (!fixed.containsKey(name) && !averaged.contains(name)) {
                    cut.add(choices[d]);
                }
            }
            String k = String.join(",", cut);
            double[] sum = sums.computeIfAbsent(k, x -> new double[values.length]);
            for (int m = 0; m < sum.length; m++) {
                sum[m] += values[m];
            }
            counts.merge(k, 1, Integer::sum);
        });
        sums.forEach((k, sum) -> {
            for (int m = 0; m < sum.length; m++) {
                sum[m] /= counts.get(k);
            }
        });
        return new TabularBenchmark(new DecisionSpace(space.name() + "-sub", kept), metrics, sums);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        var all = new java.util.TreeSet<>(a);
        all.addAll(b);
        return all;
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
