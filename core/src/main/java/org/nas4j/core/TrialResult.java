package org.nas4j.core;

import java.util.List;

/**
 * The outcome of training one architecture. {@code bestValidationAccuracy} is the reward; for a
 * failed trial it is NaN and {@code error} says what happened.
 */
public record TrialResult(StopReason stopReason, double bestValidationAccuracy, int bestEpoch, int epochsRun,
                          long params, long flops, double trainingSeconds, double inferenceMsPerImage,
                          int batchSize, String error, List<EpochMetrics> curve) {
    public TrialResult {
        curve = List.copyOf(curve);
    }

    public TrialState state() {
        return stopReason.state;
    }

    /** A failed trial that produced no (usable) result. */
    public static TrialResult failed(StopReason reason, String error, List<EpochMetrics> curve) {
        return new TrialResult(reason, Double.NaN, 0, curve.size(), 0, 0, 0, 0, 0, error, curve);
    }
}
