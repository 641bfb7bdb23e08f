package org.nas4j.core;

/**
 * How good an architecture is. {@link #evaluate} blocks until the trial ends; a failure of the trial
 * is a {@link TrialResult} with a failed state, never an exception (exceptions mean the evaluator itself
 * is broken), except a {@link TrialLostException} when the infrastructure running it was lost and the trial
 * should run again. Implementations say whether they are thread-safe.
 */
public interface Evaluator extends AutoCloseable {
    TrialResult evaluate(Trial trial, EpochListener listener);

    @Override
    default void close() {}
}
