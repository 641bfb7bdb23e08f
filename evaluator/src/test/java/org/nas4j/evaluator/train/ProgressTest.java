package org.nas4j.evaluator.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nas4j.core.EpochMetrics;

/** Early stopping counts as Keras' EarlyStopping (mode max): only an improvement of more than min_delta counts. */
class ProgressTest {
    private static EpochMetrics epoch(int n, double accuracy) {
        return new EpochMetrics(n, 1, 1, accuracy, 1, 1);
    }

    @Test
    void anImprovementOfAtMostMinDeltaMovesNeitherTheBestNorTheCount() {
        var p = new Progress();
        p.add(epoch(1, 0.800), 0.01);
        assertEquals(0.800, p.best);
        assertEquals(0, p.sinceBest);
        p.add(epoch(2, 0.805), 0.01); // better, but not by more than min_delta
        assertEquals(0.800, p.best, "the best stays where it was");
        assertEquals(1, p.bestEpoch);
        assertEquals(1, p.sinceBest, "and the epoch counts against patience");
        p.add(epoch(3, 0.809), 0.01); // still within min_delta of the best, though 0.004 above the previous epoch
        assertEquals(2, p.sinceBest);
        p.add(epoch(4, 0.811), 0.01);
        assertEquals(0.811, p.best);
        assertEquals(4, p.bestEpoch);
        assertEquals(0, p.sinceBest);
    }

    @Test
    void withoutMinDeltaAnyImprovementCountsAndATieDoesNot() {
        var p = new Progress();
        p.add(epoch(1, 0.5), 0);
        p.add(epoch(2, 0.5), 0);
        assertEquals(1, p.sinceBest);
        p.add(epoch(3, 0.5000001), 0);
        assertEquals(0, p.sinceBest);
        assertEquals(3, p.bestEpoch);
    }
}
