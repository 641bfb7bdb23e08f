package org.nas4j.evaluator.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nas4j.core.EpochListener;
import org.nas4j.core.EpochMetrics;
import org.nas4j.core.Evaluator;
import org.nas4j.core.StopReason;
import org.nas4j.core.Trial;
import org.nas4j.core.TrialResult;

class PrunerFeedTest {
    private static final List<EpochMetrics> CURVE = List.of(new EpochMetrics(1, 1.0, 1.0, 0.5, 1, 1));

    @Test
    void thePrunerKnowsTheEarlierCurvesAndEveryFinishedOneButNotAFailedOne() {
        var log = new CurveLog();
        Evaluator finished = (trial, listener) -> new TrialResult(StopReason.MAX_EPOCHS, 0.5, 1, 1, 0, 0, 0, 0, 0, null, CURVE);
        Evaluator failed = (trial, listener) -> TrialResult.failed(StopReason.CRASHED, "died", CURVE);
        PrunerFeed.of(finished, log, List.of(CURVE, CURVE)).evaluate(new Trial(1, null, 0), EpochListener.CONTINUE);
        assertEquals(3, log.curves().size());
        PrunerFeed.of(failed, log, List.of()).evaluate(new Trial(2, null, 0), EpochListener.CONTINUE);
        assertEquals(3, log.curves().size());
        assertFalse(log.shouldPrune(1, 0), "a log prunes nothing");
    }
}
