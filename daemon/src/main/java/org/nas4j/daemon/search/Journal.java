package org.nas4j.daemon.search;

import java.util.List;
import java.util.OptionalDouble;
import org.nas4j.core.ExperimentStatus;
import org.nas4j.core.Architecture;
import org.nas4j.core.EpochMetrics;
import org.nas4j.core.Provenance;
import org.nas4j.core.Trial;
import org.nas4j.core.TrialResult;
import org.nas4j.store.StrategyCheckpoint;

/**
 * What the search loop records, before it acts on it: one experiment's trials, epochs, events and
 * strategy checkpoints. Implementations persist every call before returning. Called from the loop's
 * thread, except {@link #epoch}, {@link #event} and {@link #ranOn}, which come from evaluator threads: those must be
 * thread-safe.
 */
public interface Journal {
    /** Returns RUNNING trials to PENDING (after a crash) and gives every PENDING trial, oldest first. */
    List<Trial> restart();

    /** The reward of a finished trial of this experiment with {@code key}, if there is one. */
    OptionalDouble rewardOf(String key);

    /**
     * Records a new PENDING trial and, atomically with it, the strategy's state after proposing it; returns the
     * trial with its id, seed and checkpoint folder.
     */
    Trial add(Architecture architecture, StrategyCheckpoint strategy);

    void running(Trial trial);

    /** Where a running trial runs, as its evaluator reports it (from an evaluator thread: thread-safe). */
    void ranOn(Trial trial, Provenance where);

    void epoch(Trial trial, EpochMetrics metrics);

    void event(Trial trial, String message);

    /** Records a trial's result and, atomically with it, the strategy's state after it was told the result. */
    void finished(Trial trial, TrialResult result, StrategyCheckpoint strategy);

    /** Puts an interrupted RUNNING trial back to PENDING (its checkpoint lets it resume). */
    void interrupted(Trial trial);

    /** Finished trials so far (completed, pruned and failed: unique evaluations). */
    int finishedCount();

    /** The best reward of a finished trial, or NaN. */
    double bestReward();

    /** Wall time of earlier runs of this experiment, in seconds. */
    double elapsedBefore();

    /** Results the stored strategy state has been told (0 without one). */
    long tells();

    /** Adds wall time spent searching in this run. */
    void addElapsed(double seconds);

    /** Moves the experiment to {@code status} (as {@link ExperimentStatus#to} allows). */
    void status(ExperimentStatus status);
}
