package org.nas4j.daemon.search;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.nas4j.controller.Strategies;
import org.nas4j.core.DecisionSpace;
import org.nas4j.core.EpochMetrics;
import org.nas4j.core.EpochListener;
import org.nas4j.core.Evaluator;
import org.nas4j.core.StopReason;
import org.nas4j.core.Trial;
import org.nas4j.core.TrialResult;
import org.nas4j.core.UserError;
import org.nas4j.core.config.ConfigNode;
import org.nas4j.evaluator.Experiment;
import org.nas4j.evaluator.shared.SharedSettings;
import org.nas4j.evaluator.tabular.TabularBenchmark;
import org.nas4j.evaluator.tabular.TabularEvaluator;
import org.nas4j.evaluator.worker.WorkerConfig;

/**
 * What an experiment file asks to search: a decision space and how to evaluate it, either by training
 * CNNs (a {@code space} section, with {@code dataset}, {@code training}, ...) or by lookup in a tabular
 * benchmark (a {@code benchmark} section; paths relative to the experiment file), and where trials run
 * ({@code executor}: this machine's workers, or a {@link TrialExecutor} such as {@code spark}).
 *
 * @param concurrency trials at once: the experiment's workers, or one for a table without a workers section
 * @param executor    where trials run; null for this machine's workers
 */
public record SearchProblem(DecisionSpace space, Experiment experiment, TabularBenchmark table, String metric,
                            long delayMs, Path file, ConfigNode config, int concurrency, TrialExecutor executor) {

    /** Reads and validates every section an experiment file may have, and that its dataset files exist. */
    public static SearchProblem from(Path file, ConfigNode config) {
        config.allowOnly(Set.of("name", "seed", "space", "dataset", "training", "pruning", "workers", "strategy", "budget",
                "reward", "benchmark", "executor", "spark", "evaluation", "shared"));
        Objective.from(config);
        Budget.from(config);
        Strategies.factory(config);
        TrialExecutor executor = TrialExecutors.from(config);
        if (config.has("benchmark") == config.has("space")) {
            throw new UserError(config.source() + ": give either a 'space' section (train CNNs) or a 'benchmark' "
                    + "section (look up a tabular benchmark), not " + (config.has("space") ? "both" : "neither"));
        }
        SearchProblem problem;
        if (config.has("benchmark") && SharedSettings.from(config).isPresent()) {
            throw config.error("evaluation", "is shared, which trains CNNs: a tabular benchmark has nothing to share; "
                    + "remove 'evaluation: shared' or give a 'space' section");
        }
        if (config.has("space")) {
            SharedSettings.from(config);
            Experiment e = Experiment.of(file, config);
            int concurrency = Math.max(e.workers().count(), e.workers().gpus().size());
            problem = new SearchProblem(e.space().decisions(), e, null, null, 0, file, config, concurrency, executor);
        } else {
            ConfigNode b = config.section("benchmark");
            b.allowOnly(Set.of("space", "table", "metric", "evaluation_delay_ms"));
            Path dir = file.toAbsolutePath().getParent();
            DecisionSpace space = DecisionSpace.load(dir.resolve(b.getString("space")));
            TabularBenchmark table = TabularBenchmark.load(space, dir.resolve(b.getString("table")));
            String metric = b.getString("metric");
            table.metric(metric);
            int concurrency = config.has("workers") ? WorkerConfig.from(config).count() : 1;
            problem = new SearchProblem(space, null, table, metric, b.getLong("evaluation_delay_ms", 0), file, config,
                    concurrency, executor);
        }
        if (executor != null) {
            executor.validate(problem);
        }
        if (problem.experiment() != null) {
            problem.experiment().requireData();
        }
        return problem;
    }

    public boolean tabular() {
        return table != null;
    }

    /**
     * The evaluator of the experiment's executor; trial logs of worker processes go to {@code logDir}, and its
     * pruner starts from {@code finishedCurves}, the curves of the trials that finished in earlier runs.
     */
    public Evaluator evaluator(Path logDir, List<List<EpochMetrics>> finishedCurves) {
        return executor == null ? localEvaluator(logDir, finishedCurves) : executor.open(this, logDir, finishedCurves);
    }

    /** The evaluator on this machine: worker processes (or in-process) for CNNs, a lookup for a table. */
    public Evaluator localEvaluator(Path logDir, List<List<EpochMetrics>> finishedCurves) {
        if (!tabular()) {
            return experiment.evaluator(logDir, finishedCurves);
        }
        var lookup = new TabularEvaluator(table, metric);
        return delayMs <= 0 ? lookup : (Trial trial, EpochListener listener) -> {
            try {
                Thread.sleep(delayMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return TrialResult.failed(StopReason.ERROR, "interrupted", List.of());
            }
            return lookup.evaluate(trial, listener);
        };
    }
}
