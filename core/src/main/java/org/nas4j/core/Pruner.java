package org.nas4j.core;

import java.util.List;

/**
 * Decides, epoch by epoch, whether a running trial is hopeless compared with finished ones. Thread-safe:
 * several trials report concurrently.
 */
public interface Pruner {
    /** @return true when the trial whose best validation accuracy so far is {@code bestSoFar} at {@code epoch} should stop */
    boolean shouldPrune(int epoch, double bestSoFar);

    /** Records the learning curve of a finished (completed or pruned) trial. */
    void finished(List<EpochMetrics> curve);

    Pruner NONE = new Pruner() {
        @Override
        public boolean shouldPrune(int epoch, double bestSoFar) {
            return false;
        }

        @Override
        public void finished(List<EpochMetrics> curve) {}
    };
}
