package org.nas4j.evaluator.worker;

import java.util.List;
import org.nas4j.core.EpochListener;
import org.nas4j.core.EpochMetrics;
import org.nas4j.core.Pruner;
import org.nas4j.core.Trial;
import org.nas4j.evaluator.train.Trainer;

/** Tells the listener of each epoch, then asks the pruner with the trial's best accuracy so far. One per trial. */
final class PruningCallback implements Trainer.EpochCallback {
    private final Trial trial;
    private final EpochListener listener;
    private final Pruner pruner;
    private double best = Double.NEGATIVE_INFINITY;

    PruningCallback(Trial trial, EpochListener listener, Pruner pruner) {
        this.trial = trial;
        this.listener = listener;
        this.pruner = pruner;
    }

    @Override
    public void resumed(List<EpochMetrics> curve) {
        curve.forEach(this::track);
    }

    private void track(EpochMetrics metrics) {
        if (!Double.isNaN(metrics.validationAccuracy())) {
            best = Math.max(best, metrics.validationAccuracy());
        }
    }

    @Override
    public boolean onEpoch(EpochMetrics metrics) {
        track(metrics);
        return listener.onEpoch(trial, metrics) && !pruner.shouldPrune(metrics.epoch(), best);
    }
}
