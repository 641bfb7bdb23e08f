package org.nas4j.daemon.search;

import java.util.List;
import java.util.OptionalDouble;
import org.nas4j.core.Architecture;
import org.nas4j.core.EpochMetrics;
import org.nas4j.core.Trial;
import org.nas4j.core.TrialResult;

/**
 * What the search loop records, before it acts on it: one experiment's trials, epochs, events and
 * strategy checkpoints. Implementations persist every call before returning. Called from the loop's
 * thread, except {@link #epoch} and {@link #event}, which come from evaluator threads: those must be
 * thread-safe.
 */
public interface Journal {
    /** Returns RUNNING trials to PENDING (after a crash) and gives every PENDING trial, oldest first. */
    List<Trial> restart();

    /** The reward of a finished trial of this experiment with {@code key}, if there is one. */
    OptionalDouble rewardOf(String key);

    /** Records a new PENDING trial and returns it with its id, seed and checkpoint folder. */
    Trial add(Architecture architecture);

    void running(Trial trial);

    void epoch(Trial trial, EpochMetrics metrics);

    void event(Trial trial, String message);

    void finished(Trial trial, TrialResult result);

    /** Puts an interrupted RUNNING trial back to PENDING (its checkpoint lets it resume). */
    void interrupted(Trial trial);

    /** Finished trials so far (completed, pruned and failed: unique evaluations). */
    int finishedCount();

    /** The best reward of a finished trial, or NaN. */
    double bestReward();

    /** Wall time of earlier runs of this experiment, in seconds. */
    double elapsedBefore();

    /** Saves the strategy's state after it learned from {@code tells} results. */
    void checkpoint(byte[] strategyState, long tells);

    /** Records the statistics of a policy update. */
    void policyStep(org.nas4j.core.PolicyStep step);

    /** Adds wall time spent searching in this run. */
    void addElapsed(double seconds);

    /** The experiment's status: running, paused, stopping, finished, failed. */
    void status(String status);
}
