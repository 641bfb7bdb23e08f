package org.nas4j.evaluator.train;

import java.util.ArrayList;
import java.util.List;
import org.nas4j.core.EpochMetrics;

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
    List<EpochMetrics> curve = new ArrayList<>();

    /** Records epoch {@code m}: improvements of at least {@code minDelta} reset the patience count. */
    void add(EpochMetrics m, double minDelta) {
        epoch = m.epoch();
        curve.add(m);
        double acc = m.validationAccuracy();
        if (acc > best) {
            sinceBest = acc > best + minDelta ? 0 : sinceBest + 1;
            best = acc;
            bestEpoch = m.epoch();
        } else {
            sinceBest++;
        }
    }
}
