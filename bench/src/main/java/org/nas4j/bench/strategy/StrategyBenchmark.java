package org.nas4j.bench.strategy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.apache.commons.math3.stat.inference.MannWhitneyUTest;
import org.nas4j.controller.Proposals;
import org.nas4j.controller.Strategies;
import org.nas4j.core.Architecture;
import org.nas4j.core.DecisionSpace;
import org.nas4j.core.EpochListener;
import org.nas4j.core.Evaluator;
import org.nas4j.core.Json;
import org.nas4j.core.SearchStrategy;
import org.nas4j.core.Trial;
import org.nas4j.core.config.ConfigNode;
import org.nas4j.evaluator.tabular.TabularBenchmark;
import org.nas4j.evaluator.tabular.TabularEvaluator;

/**
 * {@code nas benchmark}: every strategy, every seed, on a tabular benchmark, each run through the search's own step
 * ({@link Proposals}: ask, evaluate with the table's {@link TabularEvaluator}, tell); the budget counts unique
 * evaluations (a repeated proposal is answered from the run's cache and not counted). Prints the best-so-far statistics
 * and Mann-Whitney U p-values, and writes them as JSON and a chart on request.
 *
 * @param threads runs at once
 */
public record StrategyBenchmark(PrintWriter out, int budget, int seeds, int threads) {
    /** Repeated proposals a run answers from its cache before it gives up on its budget. */
    static final int MAX_REPEATS = 100_000;

    /** One run: the best metric after each unique evaluation, and when the top 1% was first reached. */
    record Run(double[] bestAfter, int evalsToTop) {
        /** The area under the best-so-far curve over the budget, divided by the budget: its mean height. */
        double area() {
            return Arrays.stream(bestAfter).average().orElse(Double.NaN);
        }
    }

    /** A statistic of one run, named for the report: the best after some evaluations or the area. */
    private record Measure(String name, ToDoubleFunction<Run> of) {}

    /**
     * Runs {@code strategies}, each with the experiment config {@code config} gives for its name, on {@code metric} of
     * {@code table}; writes the JSON to {@code json} and the chart to {@code chart} unless they are null.
     */
    public void run(TabularBenchmark table, String metric, List<String> strategies, Function<String, ConfigNode> config,
                    Path json, Path chart) throws IOException, InterruptedException, ExecutionException {
        DecisionSpace space = table.space();
        int column = table.metric(metric);
        var all = new DescriptiveStatistics(table.column(column));
        double optimum = all.getMax();
        double top = all.getPercentile(99);
        out.printf("table: %,d architectures (%d decisions), optimum %.4f, top 1%% from %.4f; budget %d unique evaluations, %d seeds%n",
                table.size(), space.decisions().size(), optimum, top, budget, seeds);
        var lookup = new TabularEvaluator(table, metric);
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        Map<String, List<Run>> results = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        try {
            for (String name : strategies) {
                var factory = Strategies.factory(config.apply(name)); // bad names and settings fail here, in one line
                List<Future<Run>> runs = new ArrayList<>();
                for (int seed = 0; seed < seeds; seed++) {
                    long s = seed;
                    runs.add(pool.submit(() -> run(factory.create(space, s), lookup, top, s)));
                }
                var list = new ArrayList<Run>();
                for (Future<Run> f : runs) {
                    list.add(f.get());
                }
                results.put(name, list);
            }
        } finally {
            pool.shutdownNow();
        }
        ObjectNode report = report(results, optimum, top, table.size());
        out.printf("%.1f s%n", (System.nanoTime() - t0) / 1e9);
        if (json != null) {
            Files.writeString(json, Json.writePretty(report) + "\n");
        }
        if (chart != null) {
            BenchmarkChart.write(chart, space.name() + " (" + table.size() + " architectures), " + metric + ", " + seeds + " seeds",
                    optimum, results.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                            e -> e.getValue().stream().map(Run::bestAfter).toList(), (a, b) -> a, LinkedHashMap::new)));
            out.printf("chart: %s%n", chart);
        }
    }

    /** Prints the table of every strategy's statistics and the pairwise p-values; returns them as JSON. */
    private ObjectNode report(Map<String, List<Run>> results, double optimum, double top, int architectures) {
        ObjectNode report = Json.MAPPER.createObjectNode();
        report.put("table_optimum", optimum).put("top1pct_threshold", top).put("budget", budget).put("seeds", seeds)
                .put("architectures", architectures);
        var array = report.putArray("results");
        var measures = new ArrayList<Measure>();
        for (int n : new int[] {Math.max(1, budget / 4), Math.max(1, budget / 2), budget}) {
            measures.add(new Measure("best@" + n, r -> r.bestAfter()[n - 1]));
        }
        measures.add(new Measure("area", Run::area));
        out.printf("%-10s %18s %18s %18s %18s %14s %10s%n", "strategy", measures.get(0).name(), measures.get(1).name(),
                measures.get(2).name(), "area", "evals to top1%", "p vs random");
        for (var e : results.entrySet()) {
            ObjectNode row = array.addObject().put("strategy", e.getKey());
            ObjectNode bestAt = row.putObject("mean_best_at");
            String[] cells = new String[measures.size()];
            for (int i = 0; i < measures.size(); i++) {
                var stats = stats(e.getValue(), measures.get(i));
                if (i < 3) {
                    bestAt.put(measures.get(i).name().substring(5), stats.getMean());
                }
                cells[i] = String.format("%.3f ± %.3f", stats.getMean(), stats.getStandardDeviation());
            }
            var finalStats = stats(e.getValue(), measures.get(2));
            row.put("mean_best", finalStats.getMean()).put("std_best", finalStats.getStandardDeviation())
                    .put("mean_area", stats(e.getValue(), measures.get(3)).getMean());
            double evals = e.getValue().stream().mapToInt(Run::evalsToTop).average().orElse(Double.NaN);
            long reached = e.getValue().stream().filter(r -> r.evalsToTop() <= budget).count();
            row.put("mean_evals_to_top1pct", evals).put("runs_reaching_top1pct", reached);
            String p = "-";
            if (results.containsKey("random") && !e.getKey().equals("random")) {
                double pv = mannWhitney(e.getValue(), results.get("random"), measures.get(2));
                row.put("mann_whitney_p_vs_random", pv);
                p = String.format("%.4f", pv);
            }
            out.printf("%-10s %18s %18s %18s %18s %14s %10s%n", e.getKey(), cells[0], cells[1], cells[2], cells[3],
                    String.format("%.1f (%d/%d)", evals, reached, seeds), p);
            var curves = row.putArray("curves");
            e.getValue().forEach(r -> curves.add(Json.MAPPER.valueToTree(r.bestAfter())));
        }
        out.printf("area: the mean best-so-far over the budget; evals to top1%%: mean over runs, counting budget + 1 for runs"
                + " that never got there; (runs that did)%n");
        pairwise(results, array, measures, out);
        return report;
    }

    /** One seed's run: the search step of the daemon's loop, one trial at a time, the table as evaluator. */
    private Run run(SearchStrategy strategy, Evaluator lookup, double top, long seed) {
        var proposals = new Proposals(strategy, 0);
        double[] bestAfter = new double[budget];
        Map<String, Double> seen = new HashMap<>();
        Function<String, OptionalDouble> known = key -> seen.containsKey(key) ? OptionalDouble.of(seen.get(key))
                : OptionalDouble.empty();
        double best = Double.NEGATIVE_INFINITY;
        int toTop = budget + 1;
        for (int n = 0; n < budget; ) {
            Optional<Architecture> a = proposals.next(known, key -> false, MAX_REPEATS - proposals.repeats());
            if (a.isEmpty()) {
                break;
            }
            double v = lookup.evaluate(new Trial(n + 1, a.get(), seed), EpochListener.CONTINUE).bestValidationAccuracy();
            seen.put(a.get().key(), v);
            proposals.tell(a.get(), v);
            best = Math.max(best, v);
            bestAfter[n++] = best;
            if (v >= top && toTop > budget) {
                toTop = n;
            }
        }
        return new Run(bestAfter, toTop);
    }

    /**
     * Two-sided Mann-Whitney U p-values for every pair of strategies and every measure; the JSON keeps those of
     * the best after the whole budget ({@code mann_whitney_p}) and all of them ({@code mann_whitney_p_at}).
     */
    private void pairwise(Map<String, List<Run>> results, ArrayNode rows, List<Measure> measures, PrintWriter out) {
        List<String> names = List.copyOf(results.keySet());
        if (names.size() < 2) {
            return;
        }
        out.printf("Mann-Whitney U p-values (two-sided):%n");
        for (int i = 0; i < names.size(); i++) {
            ((ObjectNode) rows.get(i)).putObject("mann_whitney_p");
            ((ObjectNode) rows.get(i)).putObject("mann_whitney_p_at");
        }
        for (int i = 0; i < names.size(); i++) {
            for (int j = i + 1; j < names.size(); j++) {
                var line = new StringBuilder("  " + names.get(i) + " vs " + names.get(j) + ":");
                for (Measure m : measures) {
                    double pv = mannWhitney(results.get(names.get(i)), results.get(names.get(j)), m);
                    for (int[] ab : new int[][] {{i, j}, {j, i}}) {
                        ObjectNode at = (ObjectNode) rows.get(ab[0]).get("mann_whitney_p_at");
                        (at.has(m.name()) ? (ObjectNode) at.get(m.name()) : at.putObject(m.name())).put(names.get(ab[1]), pv);
                        if (m == measures.get(2)) {
                            ((ObjectNode) rows.get(ab[0]).get("mann_whitney_p")).put(names.get(ab[1]), pv);
                        }
                    }
                    line.append(String.format(" %s %.4f", m.name(), pv));
                }
                out.println(line);
            }
        }
    }

    private static double mannWhitney(List<Run> a, List<Run> b, Measure m) {
        return new MannWhitneyUTest().mannWhitneyUTest(stats(a, m).getValues(), stats(b, m).getValues());
    }

    private static DescriptiveStatistics stats(List<Run> runs, Measure measure) {
        var s = new DescriptiveStatistics();
        runs.forEach(r -> s.addValue(measure.of().applyAsDouble(r)));
        return s;
    }
}
