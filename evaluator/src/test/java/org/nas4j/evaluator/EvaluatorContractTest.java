package org.nas4j.evaluator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nas4j.backend.Dl4jRuntime;
import org.nas4j.core.DecisionSpace;
import org.nas4j.core.EpochListener;
import org.nas4j.core.EpochMetrics;
import org.nas4j.core.Evaluator;
import org.nas4j.core.Provenance;
import org.nas4j.core.Pruner;
import org.nas4j.core.Trial;
import org.nas4j.core.TrialResult;
import org.nas4j.core.TrialState;
import org.nas4j.core.config.ConfigNode;
import org.nas4j.evaluator.data.TestDatasets;
import org.nas4j.evaluator.tabular.TabularBenchmark;
import org.nas4j.evaluator.tabular.TabularEvaluator;

/**
 * What the search loop relies on from every evaluator of this module (a table lookup, training in this JVM, training in
 * a worker JVM; the Spark evaluator's own tests check it the same way): it says once, before the first epoch, where
 * the trial runs; epochs reach the listener in order and are the result's curve; the reward is the curve's best.
 */
class EvaluatorContractTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void data() throws Exception {
        Dl4jRuntime.configure();
        TestDatasets.idx(dir.resolve("data"), 300, 60);
    }

    record Case(String name, String worker, java.util.function.Supplier<Evaluator> evaluator, DecisionSpace space) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Experiment trained(String isolation) {
        return Experiment.of(dir.resolve("e.yaml"), ConfigNode.parse("""
                name: contract
                seed: 1
                space: {input: {height: 8, width: 8, channels: 1}, classes: 10, layers: 1, widths: 8, ops: [conv_3x3, max_pool_3x3]}
                dataset: {path: %s}
                training: {batch_size: 32, max_epochs: 2, patience: 5}
                workers: {isolation: %s, count: 1, memory_gb: 1}
                """.formatted(dir.resolve("data"), isolation), "e.yaml", true));
    }

    static Stream<Case> evaluators() {
        Path macro = Path.of("..", "benchmarks", "nas-bench-macro");
        DecisionSpace tableSpace = DecisionSpace.load(macro.resolve("space.json"));
        Experiment inProcess = trained("in_process");
        Experiment process = trained("process");
        return Stream.of(
                new Case("table", "table lookup",
                        () -> new TabularEvaluator(TabularBenchmark.load(tableSpace, macro.resolve("cifar10.csv")), "test_acc_mean"), tableSpace),
                new Case("in-process", "in-process " + ProcessHandle.current().pid(),
                        () -> inProcess.evaluator(Pruner.NONE, dir.resolve("logs")), inProcess.space().decisions()),
                new Case("worker process", "worker process ",
                        () -> process.evaluator(Pruner.NONE, dir.resolve("logs")), process.space().decisions()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("evaluators")
    void saysWhereTheTrialRunsThenStreamsItsEpochsAndRewardsTheBestOfThem(Case c) {
        var heard = new ArrayList<Object>();
        TrialResult r;
        try (Evaluator evaluator = c.evaluator().get()) {
            r = evaluator.evaluate(new Trial(7, c.space().architecture(new int[c.space().decisions().size()]), 7), new EpochListener() {
                @Override
                public boolean onEpoch(Trial trial, EpochMetrics metrics) {
                    heard.add(metrics);
                    return true;
                }

                @Override
                public void ranOn(Trial trial, Provenance where) {
                    heard.add(where);
                }
            });
        }
        assertFalse(r.state() == TrialState.FAILED, String.valueOf(r.error()));
        assertTrue(heard.get(0) instanceof Provenance, "where it runs comes first: " + heard);
        Provenance where = (Provenance) heard.get(0);
        assertTrue(where.worker().startsWith(c.worker()), where.worker());
        assertEquals(Provenance.localHost(), where.host());
        assertEquals(Dl4jRuntime.nas4jVersion(), where.nas4jVersion());
        assertTrue(where.nas4jVersion().matches("\\d+\\.\\d+\\.\\d+.*") && where.dl4jVersion().startsWith("1.0.0"),
                where.nas4jVersion() + " " + where.dl4jVersion());
        assertNotNull(where.device());
        List<Object> epochs = heard.subList(1, heard.size());
        assertTrue(epochs.stream().allMatch(e -> e instanceof EpochMetrics), "ranOn is said once: " + heard);
        assertEquals(r.curve(), epochs, "the epochs heard are the result's curve");
        for (int i = 0; i < r.curve().size(); i++) {
            assertEquals(i + 1, r.curve().get(i).epoch());
        }
        assertEquals(r.curve().size(), r.epochsRun());
        assertEquals(r.curve().stream().mapToDouble(EpochMetrics::validationAccuracy).max().orElseThrow(), r.bestValidationAccuracy(), 1e-12);
        assertEquals(r.bestValidationAccuracy(), r.curve().get(r.bestEpoch() - 1).validationAccuracy(), 1e-12);
    }
}
