package org.nas4j.evaluator.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.backend.Dl4jRuntime;
import org.nas4j.core.EpochListener;
import org.nas4j.core.EpochMetrics;
import org.nas4j.core.Pruner;
import org.nas4j.core.StopReason;
import org.nas4j.core.Trial;
import org.nas4j.core.TrialResult;
import org.nas4j.core.config.ConfigNode;
import org.nas4j.evaluator.Experiment;
import org.nas4j.evaluator.data.TestDatasets;

/** Trials in real worker JVMs on a small IDX dataset the test writes. */
class WorkerProcessTest {
    @TempDir
    static Path dir;
    static Path data;

    @BeforeAll
    static void setUp() throws Exception {
        Dl4jRuntime.configure();
        data = dir.resolve("data");
        TestDatasets.idx(data, 400, 60);
    }

    static Experiment experiment(String training, String workers) {
        return Experiment.of(dir.resolve("e.yaml"), ConfigNode.parse("""
                name: workers
                seed: 1
                space: {input: {height: 8, width: 8, channels: 1}, classes: 10, layers: 1, widths: 8, ops: [conv_3x3, max_pool_3x3]}
                dataset: {path: %s}
                training: %s
                workers: %s
                """.formatted(data, training, workers), "e.yaml", true));
    }

    static Trial trial(Experiment e, long id) {
        return new Trial(id, e.space().decisions().architecture(0), id);
    }

    @Test
    void aWorkerKilledMidTrialFailsThatTrialAloneAndTheNextOneRuns() {
        Experiment e = experiment("{batch_size: 32, max_epochs: 3, patience: 5}", "{count: 1, memory_gb: 1}");
        var evaluator = (ProcessEvaluator) e.evaluator(Pruner.NONE, dir.resolve("logs"));
        TrialResult killed = evaluator.evaluate(trial(e, 1), (t, m) -> {
            // SIGKILL every worker JVM of this test process: a native crash or the OOM killer looks the same
            ProcessHandle.current().children().forEach(ProcessHandle::destroyForcibly);
            return true;
        });
        assertEquals(StopReason.CRASHED, killed.stopReason());
        assertTrue(killed.error().contains("signal 9"), killed.error());
        assertEquals(1, killed.curve().size(), "the epoch it finished is kept");

        var epochs = new ArrayList<EpochMetrics>();
        TrialResult next = evaluator.evaluate(trial(e, 2), (t, m) -> epochs.add(m));
        assertEquals(StopReason.MAX_EPOCHS, next.stopReason(), String.valueOf(next.error()));
        assertEquals(3, epochs.size());
        assertEquals(next.curve(), epochs, "epochs streamed from the worker");
    }

    @Test
    void aHugeLearningRateEndsAsDivergedAndAHangAsTimeout() {
        Experiment diverging = experiment("{optimizer: sgd, momentum: 0.9, learning_rate: 80, batch_size: 8, max_epochs: 3}",
                "{count: 1, memory_gb: 1}");
        TrialResult d = diverging.evaluator(Pruner.NONE, dir.resolve("logs")).evaluate(trial(diverging, 3), EpochListener.CONTINUE);
        assertEquals(StopReason.DIVERGED, d.stopReason(), String.valueOf(d.error()));

        Experiment slow = experiment("{max_epochs: 100000, patience: 100000}", "{count: 1, memory_gb: 1, timeout_minutes: 0.05}");
        TrialResult t = slow.evaluator(Pruner.NONE, dir.resolve("logs")).evaluate(trial(slow, 4), EpochListener.CONTINUE);
        assertEquals(StopReason.TIMEOUT, t.stopReason());
        assertTrue(t.error().contains("the worker was killed"), t.error());
    }

    @Test
    void theTimeoutIsReadOnTheInjectedClock() {
        Experiment e = experiment("{max_epochs: 100000, patience: 100000}", "{count: 1, memory_gb: 1, timeout_minutes: 30}");
        var readings = new AtomicLong();
        Clock anHourPerReading = new Clock() {
            @Override
            public Instant instant() {
                return Instant.EPOCH.plus(Duration.ofHours(readings.getAndIncrement()));
            }

            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }
        };
        var evaluator = new ProcessEvaluator(e.config(), e.workers(), new SlotPool(List.of(new Slot(0, -1, 1))), Pruner.NONE,
                dir.resolve("logs"), System.getProperty("java.class.path"), anHourPerReading);
        TrialResult t = evaluator.evaluate(trial(e, 6), EpochListener.CONTINUE);
        assertEquals(StopReason.TIMEOUT, t.stopReason(), "30 minutes passed at the second reading");
    }

    @Test
    void thePrunerDecidesInTheParentAndTheWorkerStops() {
        Experiment e = experiment("{batch_size: 32, max_epochs: 4, patience: 9}", "{count: 1, memory_gb: 1}");
        Pruner always = new Pruner() {
            @Override
            public boolean shouldPrune(int epoch, double bestSoFar) {
                return epoch >= 2;
            }

            @Override
            public void finished(List<EpochMetrics> curve) {}
        };
        TrialResult r = e.evaluator(always, dir.resolve("logs")).evaluate(trial(e, 5), EpochListener.CONTINUE);
        assertEquals(StopReason.PRUNED, r.stopReason());
        assertEquals(2, r.epochsRun());
    }
}
