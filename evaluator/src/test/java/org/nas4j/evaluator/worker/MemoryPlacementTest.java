package org.nas4j.evaluator.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.nas4j.core.StopReason;
import org.nas4j.core.Trial;
import org.nas4j.evaluator.train.TrainingConfig;
import org.nas4j.space.CnnSearchSpace;
import org.nas4j.space.dl4j.CompiledNetwork;
import org.nas4j.space.dl4j.Dl4jCompiler;

class MemoryPlacementTest {
    static final CnnSearchSpace SPACE = CnnSearchSpace.load(Path.of("..", "examples", "fashion-mnist-evolution.yaml"));

    @Test
    void theEstimateGrowsWithTheBatchAndCountsOptimiserState() {
        CompiledNetwork net = Dl4jCompiler.compile(SPACE.spec(SPACE.decisions().architecture(new int[SPACE.decisions().decisions().size()])));
        long b64 = MemoryEstimate.bytes(net, 64, "adam");
        long b128 = MemoryEstimate.bytes(net, 128, "adam");
        assertTrue(b128 > b64 && b64 > MemoryEstimate.bytes(net, 64, "sgd"));
        assertTrue(b64 > 4 * 64 * 28 * 28 * 16, "at least the stem's activations");
    }

    @Test
    void aTrialThatDoesNotFitGetsASmallerBatchOrIsRefusedAsTooLarge() {
        CompiledNetwork net = Dl4jCompiler.compile(SPACE.spec(SPACE.decisions().architecture(new int[SPACE.decisions().decisions().size()])));
        long fits32 = MemoryEstimate.bytes(net, 32, "adam");
        assertEquals(32, MemoryEstimate.fittingBatch(net, 128, 8, "adam", fits32));
        assertEquals(128, MemoryEstimate.fittingBatch(net, 128, 8, "adam", Long.MAX_VALUE));
        assertEquals(0, MemoryEstimate.fittingBatch(net, 128, 8, "adam", MemoryEstimate.bytes(net, 8, "adam") - 1));

        var trial = new Trial(1, SPACE.decisions().architecture(new int[SPACE.decisions().decisions().size()]), 0);
        var result = TrialRunner.run(SPACE, TrainingConfig.defaults(), null, 1 << 20, trial, m -> true, note -> { }, java.time.Clock.systemUTC());
        assertEquals(StopReason.TOO_LARGE, result.stopReason());
        assertTrue(result.error().contains("raise workers.memory_gb"), result.error());
    }
}
