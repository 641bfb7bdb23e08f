package org.nas4j.evaluator.train;

import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/** The batches a trial trains and validates on. Implementations are read-only and thread-safe. */
public interface TrialData {
    /** Shuffled (and, if configured, augmented) training batches; {@code seed} fixes the order of every epoch. */
    DataSetIterator train(int batchSize, long seed);

    /** Validation batches in a fixed order. */
    DataSetIterator validation(int batchSize);
}
