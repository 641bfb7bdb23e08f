package org.nas4j.daemon.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.apache.commons.math3.stat.inference.MannWhitneyUTest;
import org.nas4j.core.Architecture;
import org.nas4j.core.DecisionSpace;
import org.nas4j.core.Json;
import org.nas4j.core.SearchStrategy;
import org.nas4j.core.UserError;
import org.nas4j.core.config.ConfigNode;
import org.nas4j.controller.Strategies;
import org.nas4j.evaluator.tabular.TabularBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nas benchmark}: every strategy, every seed, on a tabular benchmark; the budget counts unique
 * evaluations (a repeated proposal is answered from the run's cache and not counted).
 */
@Command(name = "benchmark", description = "Compare search strategies on a tabular benchmark, without training.")
final class BenchmarkCommand implements Callable<Integer> {
    static final int MAX_REPEATS = 100_000;

    @Spec CommandSpec spec;
    @Option(names = "--space", required = true, description = "space.json of the benchmark.") Path spacePath;
    @Option(names = "--table", required = true, description = "The benchmark's CSV table.") Path tablePath;
    @Option(names = "--metric", required = true, description = "The metric column to maximise.") String metric;
    @Option(names = "--strategies", split = ",", defaultValue = "reinforce,random,evolution") List<String> strategies;
    @Option(names = "--budget", defaultValue = "100", description = "Unique evaluations per run (default ${DEFAULT-VALUE}).") int budget;
    @Option(names = "--seeds", defaultValue = "20", description = "Runs per strategy (default ${DEFAULT-VALUE}).") int seeds;
    @Option(names = "--threads", defaultValue = "1", description = "Runs at once (default ${DEFAULT-VALUE}).") int threads;
    @Option(names = "--out", description = "Write the results as JSON.") Path out;
    @Option(names = "--set", description = "Strategy settings, e.g. --set reinforce.learning_rate=0.01 --set evolution.population=30.")
    Map<String, String> settings = new LinkedHashMap<>();

    @Option(names = "--chart", description = "Draw every strategy's mean best-so-far curve (as distance to the optimum) to FILE.svg or FILE.png.")
    Path chart;
    @Option(names = "--fix", description = "Sub-space: keep only the rows with DECISION=CHOICE and drop the decision (fewer layers).")
    Map<String, String> fixed = new LinkedHashMap<>();
    @Option(names = "--average", split = ",", description = "Sub-space: marginalise these decisions out (every metric averaged over their choices).")
    List<String> averaged = new ArrayList<>();
    @Option(names = "--exclude", split = ",", description = "Sub-space: take these choices out of every decision (fewer ops).")
    List<String> excluded = new ArrayList<>();

    /** One run: the best metric after each unique evaluation, and when the top 1% was first reached. */
    record Run(double[] bestAfter, int evalsToTop) {
        /** The area under the best-so-far curve over the budget, divided by the budget: its mean height. */
        double area() {
            return java.util.Arrays.stream(bestAfter).average().orElse(Double.NaN);
        }
    }

    /** A statistic of one run, named for the report: the best after some evaluations or the area. */
    private record Measure(String name, java.util.function.ToDoubleFunction<Run> of) {}

    @Override
    public Integer call() throws Exception {
        var out = spec.commandLine().getOut();
        DecisionSpace full = DecisionSpace.load(spacePath);
        TabularBenchmark table = TabularBenchmark.load(full, tablePath);
        if (!fixed.isEmpty() || !averaged.isEmpty() || !excluded.isEmpty()) {
            table = table.subspace(fixed, Set.copyOf(averaged), Set.copyOf(excluded));
        }
        DecisionSpace space = table.space();
        TabularBenchmark benchmark = table;
        int column = table.metric(metric);
        var all = new DescriptiveStatistics(table.column(column));
        double optimum = all.getMax();
        double top = all.getPercentile(99);
        out.printf("table: %,d architectures (%d decisions), optimum %.4f, top 1%% from %.4f; budget %d unique evaluations, %d seeds%n",
                table.size(), space.decisions().size(), optimum, top, budget, seeds);
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        Map<String, List<Run>> results = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        try {
            for (String name : strategies) {
                ConfigNode config = strategyConfig(name);
                Strategies.create(config, space, 0); // bad names and settings fail here, in one line
                List<Future<Run>> runs = new ArrayList<>();
                for (int seed = 0; seed < seeds; seed++) {
                    long s = seed;
                    runs.add(pool.submit(() -> run(Strategies.create(config, space, s), benchmark, column, top)));
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
        ObjectNode json = Json.MAPPER.createObjectNode();
        json.put("table_optimum", optimum).put("top1pct_threshold", top).put("budget", budget).put("seeds", seeds)
                .put("architectures", table.size());
        var array = json.putArray("results");
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
        out.printf("%.1f s%n", (System.nanoTime() - t0) / 1e9);
        if (this.out != null) {
            Files.writeString(this.out, Json.writePretty(json) + "\n");
        }
        if (chart != null) {
            BenchmarkChart.write(chart, space.name() + " (" + table.size() + " architectures), " + metric + ", " + seeds + " seeds",
                    optimum, results.entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey,
                            e -> e.getValue().stream().map(Run::bestAfter).toList(), (a, b) -> a, LinkedHashMap::new)));
            out.printf("chart: %s%n", chart);
        }
        return 0;
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

    private ConfigNode strategyConfig(String name) {
        ObjectNode section = Json.MAPPER.createObjectNode().put("name", name);
        settings.forEach((k, v) -> {
            int dot = k.indexOf('.');
            if (dot < 0) {
                throw new UserError("--set " + k + "=" + v + ": name the strategy, e.g. --set reinforce.learning_rate=0.01");
            }
            if (k.substring(0, dot).equals(name)) {
                section.set(k.substring(dot + 1), Json.read(v.matches("-?[0-9.eE+-]+|true|false") ? v : "\"" + v + "\"", "--set " + k));
            }
        });
        ObjectNode experiment = Json.MAPPER.createObjectNode();
        experiment.set("strategy", section);
        return ConfigNode.of(experiment, "--set");
    }

    private Run run(SearchStrategy strategy, TabularBenchmark table, int column, double top) {
        double[] bestAfter = new double[budget];
        Map<String, Double> seen = new HashMap<>();
        double best = Double.NEGATIVE_INFINITY;
        int toTop = budget + 1;
        int repeats = 0;
        for (int n = 0; n < budget && repeats < MAX_REPEATS; ) {
            Architecture a = strategy.ask();
            Double known = seen.get(a.key());
            if (known != null) {
                strategy.tell(a, known);
                repeats++;
                continue;
            }
            double v = table.value(a, column);
            seen.put(a.key(), v);
            strategy.tell(a, v);
            best = Math.max(best, v);
            bestAfter[n++] = best;
            if (v >= top && toTop > budget) {
                toTop = n;
            }
        }
        return new Run(bestAfter, toTop);
    }

    private static DescriptiveStatistics stats(List<Run> runs, Measure measure) {
        var s = new DescriptiveStatistics();
        runs.forEach(r -> s.addValue(measure.of().applyAsDouble(r)));
        return s;
    }
}
