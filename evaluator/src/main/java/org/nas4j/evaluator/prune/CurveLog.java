package org.nas4j.evaluator.prune;

import java.util.ArrayList;
import java.util.List;
import org.nas4j.core.EpochMetrics;
import org.nas4j.core.Pruner;

/**
 * A pruner that prunes nothing and keeps the finished curves, for pruners that decide elsewhere (a Spark executor's,
 * which gets them with each trial). Thread-safe.
 */
public final class CurveLog implements Pruner {
    private final List<List<EpochMetrics>> curves = new ArrayList<>();

    @Override
    public boolean shouldPrune(int epoch, double bestSoFar) {
        return false;
    }

    @Override
    public synchronized void finished(List<EpochMetrics> curve) {
        curves.add(curve);
    }

    /** The curves so far, oldest first: a copy. */
    public synchronized List<List<EpochMetrics>> curves() {
        return List.copyOf(curves);
    }
}
