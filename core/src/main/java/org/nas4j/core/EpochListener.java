package org.nas4j.core;

/**
 * Hears each finished epoch of a trial and decides whether it goes on. Called on the training (or
 * worker-reading) thread, once per epoch, in order.
 */
@FunctionalInterface
public interface EpochListener {
    /** @return false to stop the trial as pruned */
    boolean onEpoch(Trial trial, EpochMetrics metrics);

    /** A note for the trial's event log, such as "resumed from the checkpoint of epoch 3". */
    default void onEvent(Trial trial, String message) {}

    /** Where the trial runs, once per evaluation, as soon as the evaluator knows it (at the start, or with the result). */
    default void ranOn(Trial trial, Provenance where) {}

    EpochListener CONTINUE = (trial, metrics) -> true;
}
