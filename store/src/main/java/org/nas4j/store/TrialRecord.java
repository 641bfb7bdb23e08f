package org.nas4j.store;

import java.time.Instant;
import org.nas4j.core.Architecture;
import org.nas4j.core.TrialState;

/**
 * A trial as stored; result fields are NaN, 0 or null until it finishes, and the final-training fields
 * (validation and test accuracy of {@code nas export --retrain}) NaN until it is exported with a retrain.
 */
public record TrialRecord(long id, long experimentId, int number, String key, Architecture architecture, TrialState state,
                          long seed, String worker, String device, String stopReason, String error, double reward,
                          int bestEpoch, int epochsRun, long params, long flops, double trainingSeconds,
                          double inferenceMs, int batchSize, String checkpointDir, Instant createdAt, Instant startedAt,
                          Instant finishedAt, double finalValidationAccuracy, double testAccuracy) {}
