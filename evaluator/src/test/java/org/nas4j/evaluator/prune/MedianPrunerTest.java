package org.nas4j.evaluator.prune;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nas4j.core.EpochMetrics;
import org.nas4j.core.Pruner;
import org.nas4j.core.config.ConfigNode;

class MedianPrunerTest {
    static List<EpochMetrics> curve(double... accuracies) {
        var list = new ArrayList<EpochMetrics>();
        for (int i = 0; i < accuracies.length; i++) {
            list.add(new EpochMetrics(i + 1, 1, 1, accuracies[i], 1, 1));
        }
        return list;
    }

    @Test
    void prunesATrialClearlyBehindTheMedianAtTheSameEpoch() {
        var pruner = new MedianPruner(3, 1);
        pruner.finished(curve(0.60, 0.70, 0.75));
        pruner.finished(curve(0.62, 0.72, 0.70));
        pruner.finished(curve(0.50, 0.65));
        assertTrue(pruner.shouldPrune(2, 0.40), "0.40 < median(0.70, 0.72, 0.65) at epoch 2");
        assertFalse(pruner.shouldPrune(2, 0.71));
        assertFalse(pruner.shouldPrune(4, 0.10), "no finished trial reached epoch 4");
        assertTrue(pruner.shouldPrune(3, 0.73), "median of best-so-far 0.75 and 0.72 is 0.735");
        assertFalse(pruner.shouldPrune(3, 0.74));
    }

    @Test
    void waitsForEnoughFinishedTrialsAndForTheMinimumEpoch() {
        var pruner = new MedianPruner(2, 2);
        pruner.finished(curve(0.9, 0.9));
        assertFalse(pruner.shouldPrune(2, 0.1), "only one finished trial");
        pruner.finished(curve(0.9, 0.9));
        assertFalse(pruner.shouldPrune(1, 0.1), "before the minimum epoch");
        assertTrue(pruner.shouldPrune(2, 0.1));
    }

    @Test
    void canBeSwitchedOff() {
        Pruner off = MedianPruner.from(ConfigNode.parse("pruning: {enabled: false}", "t.yaml", true));
        for (int i = 0; i < 10; i++) {
            off.finished(curve(0.9));
        }
        assertFalse(off.shouldPrune(1, 0.0));
    }
}
