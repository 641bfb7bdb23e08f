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
 * What an experiment file asks to search: a decision space and how to evaluate it, and where trials run
 * ({@code executor}: this machine's workers, or a {@link TrialExecutor} such as {@code spark}). One of two:
 * {@link Trained}, CNNs trained from a {@code space} section (with {@code dataset}, {@code training}, ...; stand-alone
 * or with shared weights), or {@link Tabular}, a lookup in a tabular benchmark (a {@code benchmark} section; paths
 * relative to the experiment file).
 */
public sealed interface SearchProblem {
    /** CNNs trained as the experiment's sections say. */
    record Trained(Experiment experiment, Path file, ConfigNode config, TrialExecutor executor) implements SearchProblem {
        @Override
        public DecisionSpace space() {
            return experiment.space().decisions();
        }

        @Override
        public int concurrency() {
            return Math.max(experiment.workers().count(), experiment.workers().gpus().size());
        }

        @Override
        public Evaluator localEvaluator(Path logDir, List<List<EpochMetrics>> finishedCurves) {
            return experiment.evaluator(logDir, finishedCurves);
        }
    }

    /**
     * A tabular benchmark's {@code metric} looked up, each answer after {@code delayMs}.
     *
     * @param concurrency trials at once: the workers section's count, or one without it
     */
    record Tabular(DecisionSpace space, TabularBenchmark table, String metric, long delayMs, Path file, ConfigNode config,
                   int concurrency, TrialExecutor executor) implements SearchProblem {
        @Override
        public Evaluator localEvaluator(Path logDir, List<List<EpochMetrics>> finishedCurves) {
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

    DecisionSpace space();

    /** The experiment file. */
    Path file();

    ConfigNode config();

    /** Trials at once. */
    int concurrency();

    /** Where trials run; null for this machine's workers. */
    TrialExecutor executor();

    /** The evaluator on this machine: worker processes (or in-process) for CNNs, a lookup for a table. */
    Evaluator localEvaluator(Path logDir, List<List<EpochMetrics>> finishedCurves);

    /** Reads and validates every section an experiment file may have, and that its dataset files exist. */
    static SearchProblem from(Path file, ConfigNode config) {
        var sections = new java.util.HashSet<>(Set.of("name", "seed", "space", "dataset", "training", "pruning", "workers",
                "strategy", "budget", "reward", "benchmark", "executor", "evaluation", "shared"));
        sections.addAll(TrialExecutors.sections());
        config.allowOnly(sections);
        Objective.from(config);
        Budget.from(config);
        Strategies.factory(config);
        TrialExecutor executor = TrialExecutors.from(config);
        if (config.has("benchmark") == config.has("space")) {
            throw new UserError(config.source() + ": give either a 'space' section (train CNNs) or a 'benchmark' "
                    + "section (look up a tabular benchmark), not " + (config.has("space") ? "both" : "neither"));
        }
        if (config.has("benchmark") && SharedSettings.from(config).isPresent()) {
            throw config.error("evaluation", "is shared, which trains CNNs: a tabular benchmark has nothing to share; "
                    + "remove 'evaluation: shared' or give a 'space' section");
        }
        SearchProblem problem;
        if (config.has("space")) {
            SharedSettings.from(config);
            problem = new Trained(Experiment.of(file, config), file, config, executor);
        } else {
            ConfigNode b = config.section("benchmark");
            b.allowOnly(Set.of("space", "table", "metric", "evaluation_delay_ms"));
            Path dir = file.toAbsolutePath().getParent();
            DecisionSpace space = DecisionSpace.load(dir.resolve(b.getString("space")));
            TabularBenchmark table = TabularBenchmark.load(space, dir.resolve(b.getString("table")));
            String metric = b.getString("metric");
            table.metric(metric);
            int concurrency = config.has("workers") ? WorkerConfig.from(config).count() : 1;
            problem = new Tabular(space, table, metric, b.getLong("evaluation_delay_ms", 0), file, config, concurrency, executor);
        }
        if (executor != null) {
            executor.validate(problem);
        }
        if (problem instanceof Trained t) {
            t.experiment().requireData();
        }
        return problem;
    }

    default boolean tabular() {
        return this instanceof Tabular;
    }

    /**
     * The evaluator of the experiment's executor; trial logs of worker processes go to {@code logDir}, and its
     * pruner starts from {@code finishedCurves}, the curves of the trials that finished in earlier runs.
     */
    default Evaluator evaluator(Path logDir, List<List<EpochMetrics>> finishedCurves) {
        return executor() == null ? localEvaluator(logDir, finishedCurves) : executor().open(this, logDir, finishedCurves);
    }
}
