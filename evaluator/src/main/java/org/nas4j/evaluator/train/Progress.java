package org.nas4j.evaluator.train;

import java.util.ArrayList;
import java.util.List;
import org.nas4j.core.EpochMetrics;
import org.nas4j.core.StopReason;

/**
 * Where a trial's training stands after its last finished epoch: what a checkpoint saves besides the
 * weights. Mutable; owned by one {@link Trainer}.
 */
final class Progress {
    int epoch;
    int batch;
    double best = Double.NEGATIVE_INFINITY;
    int bestEpoch;
    int sinceBest;
    double seconds;
    /** Why the training ended at {@link #epoch}, or null while it goes on. */
    StopReason stopped;
    List<EpochMetrics> curve = new ArrayList<>();

    /**
     * Records epoch {@code m}, as Keras' EarlyStopping does: only an improvement of more than {@code minDelta} over
     * the best so far counts; it moves the best and resets the patience count, anything else adds to the count.
     */
    void add(EpochMetrics m, double minDelta) {
        epoch = m.epoch();
        curve.add(m);
        double acc = m.validationAccuracy();
        if (acc - minDelta > best) {
            best = acc;
            bestEpoch = m.epoch();
            sinceBest = 0;
        } else {
            sinceBest++;
        }
    }
}
