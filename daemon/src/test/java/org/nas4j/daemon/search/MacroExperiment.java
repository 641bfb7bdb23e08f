package org.nas4j.daemon.search;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;
import org.nas4j.controller.RandomSearch;
import org.nas4j.core.Evaluator;
import org.nas4j.core.Json;
import org.nas4j.core.config.ConfigNode;
import org.nas4j.store.NasStore;

/** Experiment files for tabular searches of NAS-Bench-Macro (CIFAR-10), as a user writes them; shared by the daemon's and the Spark module's tests. */
public final class MacroExperiment {
    public static final Path BENCH = Path.of("..", "benchmarks", "nas-bench-macro").toAbsolutePath().normalize();

    private MacroExperiment() {}

    /**
     * Writes {@code dir/name.yaml}: the benchmark with {@code seed}, each lookup taking {@code delayMs} as if it
     * trained; {@code body} adds the strategy, budget, workers and executor sections.
     */
    public static Path write(Path dir, String name, long seed, long delayMs, String body) throws IOException {
        return Files.writeString(dir.resolve(name + ".yaml"), """
                name: %s
                seed: %d
                benchmark:
                  space: %s
                  table: %s
                  metric: test_acc_mean
                  evaluation_delay_ms: %d
                """.formatted(name, seed, BENCH.resolve("space.json"), BENCH.resolve("cifar10.csv"), delayMs) + body);
    }

    /**
     * The daemon's own loop running a random search of the experiment {@code file}, stored in {@code store}: its
     * trials go to {@code evaluator} applied to the table's lookup, its time comes from {@code clock}.
     */
    static SearchLoop randomSearch(NasStore store, Path file, UnaryOperator<Evaluator> evaluator, LongSupplier clock,
                                   SearchLoop.Progress progress) {
        ConfigNode config = ConfigNode.load(file);
        SearchProblem problem = SearchProblem.from(file, config);
        long seed = config.getLong("seed", 0);
        var e = store.createExperiment(config.getString("name"), "", Json.write(config.json()), file.toString(), "random",
                Budget.from(config).trials(), seed);
        var journal = new StoreJournal(store, e, file.resolveSibling("checkpoints"), Objective.from(config), false);
        return new SearchLoop(new RandomSearch(problem.space(), seed), evaluator.apply(problem.localEvaluator(file.getParent(), java.util.List.of())),
                journal, Budget.from(config), 1, Objective.from(config), clock, progress);
    }
}
