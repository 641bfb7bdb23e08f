package org.nas4j.daemon.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.nas4j.bench.strategy.StrategyBenchmark;
import org.nas4j.core.DecisionSpace;
import org.nas4j.core.Json;
import org.nas4j.core.UserError;
import org.nas4j.core.config.ConfigNode;
import org.nas4j.evaluator.tabular.TabularBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nas benchmark}: reads the table (or a sub-space of it) and the strategy settings, then runs {@link StrategyBenchmark}. */
@Command(name = "benchmark", description = "Compare search strategies on a tabular benchmark, without training.")
final class BenchmarkCommand implements Callable<Integer> {
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

    @Override
    public Integer call() throws Exception {
        DecisionSpace full = DecisionSpace.load(spacePath);
        TabularBenchmark table = TabularBenchmark.load(full, tablePath);
        if (!fixed.isEmpty() || !averaged.isEmpty() || !excluded.isEmpty()) {
            table = table.subspace(fixed, Set.copyOf(averaged), Set.copyOf(excluded));
        }
        new StrategyBenchmark(spec.commandLine().getOut(), budget, seeds, threads)
                .run(table, metric, strategies, this::strategyConfig, out, chart);
        return 0;
    }

    /** An experiment config whose strategy section is {@code name} with the {@code --set name.KEY=VALUE} settings. */
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
}
