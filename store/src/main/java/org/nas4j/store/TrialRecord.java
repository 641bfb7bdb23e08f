package org.nas4j.store;

import java.time.Instant;
import org.nas4j.core.Architecture;
import org.nas4j.core.Provenance;
import org.nas4j.core.TrialState;
import org.nas4j.core.read.TrialRow;

/**
 * A trial as stored; result fields are NaN, 0 or null until it finishes, and the final-training fields
 * (validation and test accuracy of {@code nas export --retrain}) NaN until it is exported with a retrain.
 * {@code provenance} is where it ran (null until its evaluator said so, and for trials stored before schema 7);
 * {@code configHash} the first 16 hex digits of the SHA-256 of the experiment's config when the trial was added.
 */
public record TrialRecord(long id, long experimentId, int number, String key, Architecture architecture, TrialState state,
                          long seed, Provenance provenance, String configHash, String stopReason, String error, double reward,
                          int bestEpoch, int epochsRun, long params, long flops, double trainingSeconds,
                          double inferenceMs, int batchSize, String checkpointDir, Instant createdAt, Instant startedAt,
                          Instant finishedAt, double finalValidationAccuracy, double testAccuracy) {
    /** This trial as a table row. */
    public TrialRow row() {
        return new TrialRow(id, number, key, state, stopReason, reward, params, flops, epochsRun, trainingSeconds, createdAt,
                finishedAt);
    }
}
