package org.nas4j.evaluator.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nas4j.core.Architecture;
import org.nas4j.core.EpochListener;
import org.nas4j.core.EpochMetrics;
import org.nas4j.core.Pruner;
import org.nas4j.core.Trial;

/** A resumed trial's pruner sees its best so far, epochs before the resume included. */
class PruningCallbackTest {
    @Test
    void theBestOfTheEpochsBeforeAResumeReachesThePruner() {
        List<Double> asked = new ArrayList<>();
        Pruner recording = new Pruner() {
            @Override
            public boolean shouldPrune(int epoch, double bestSoFar) {
                asked.add(bestSoFar);
                return false;
            }

            @Override
            public void finished(List<EpochMetrics> curve) {}
        };
        var trial = new Trial(1, new Architecture("s", java.util.Map.of("d", "a")), 1);
        var callback = new PruningCallback(trial, EpochListener.CONTINUE, recording);
        callback.resumed(List.of(new EpochMetrics(1, 1, 1, 0.6, 1, 1), new EpochMetrics(2, 1, 1, 0.9, 1, 1)));
        callback.onEpoch(new EpochMetrics(3, 1, 1, 0.7, 1, 1));
        assertEquals(List.of(0.9), asked, "not 0.7, as if the trial had started at epoch 3");
    }
}
