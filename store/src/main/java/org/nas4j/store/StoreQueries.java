package org.nas4j.store;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.nas4j.core.EpochMetrics;
import org.nas4j.core.PolicyStep;
import org.nas4j.core.read.FinalTraining;
import org.nas4j.core.read.TrialDetail;
import org.nas4j.core.read.TrialPage;
import org.nas4j.core.read.TrialQuery;
import org.nas4j.core.read.TrialRow;

/**
 * What the dashboard and {@code nas list}/{@code nas status} read: records, never result sets. Every call
 * reads one consistent snapshot on a read-only connection and never blocks the search that writes.
 * Thread-safe; called from any number of request threads while a daemon writes.
 *
 * <p>Methods taking an experiment name throw {@link NoSuchElementException} when there is no such experiment
 * (the web layer maps it to 404), and {@link IllegalArgumentException} naming a bad parameter (400).
 */
public interface StoreQueries {
    /** When the newest backup of this database was taken (see {@link Backups}), if it has one. */
    Optional<java.time.Instant> lastBackup();

    /** Every experiment with its counts per state, best trial and policy step, oldest first. */
    List<ExperimentSummary> experiments();

    /** One experiment's summary, the shape of {@code nas status --json}. */
    Optional<ExperimentSummary> experiment(String name);

    /** One page of an experiment's trials and how many match the query in all. */
    TrialPage trials(String experiment, TrialQuery query);

    /** Every trial of an experiment as a row (the charts plot them all), by id. */
    List<TrialRow> points(String experiment);

    /**
     * The rows of an experiment's trials with an id above {@code afterId} or in {@code ids}, by id: what a
     * reader holding the rows up to {@code afterId} must read again, {@code ids} being those it holds unfinished
     * (a finished trial's row never changes). Reads only those rows.
     */
    List<TrialRow> pointsSince(String experiment, long afterId, Collection<Long> ids);

    /** One experiment's stored record alone (one indexed row; no counts), or empty. */
    Optional<ExperimentRecord> experimentRecord(String name);

    /** Every experiment's stored record alone (no counts), oldest first. */
    List<ExperimentRecord> experimentRecords();

    /** One trial with its curve and final training; its network is {@link org.nas4j.core.read.NetworkSummary#NONE} (not stored). */
    Optional<TrialDetail> trial(long id);

    /** The curves of these trials (at most {@value #MAX_CURVES}), by trial id; a trial without epochs maps to an empty list. */
    Map<Long, List<EpochMetrics>> curves(Collection<Long> trialIds);

    int MAX_CURVES = 1000;

    /** An experiment's controller statistics, one per policy step, in step order. */
    List<PolicyStep> policySteps(String experiment);

    /** The final trainings of an experiment's exported trials, best test accuracy first. */
    List<FinalTraining> finalTrainings(String experiment);

    /** The final training of one trial, or empty when it was not retrained. */
    Optional<FinalTraining> finalTraining(long trialId);

    /**
     * A number that grows with every change of the experiment the dashboard shows: a trial added, started,
     * interrupted, finished or retrained, an epoch recorded, a policy step, an event, a status or time update (it is
     * the experiment's {@code updated_at} in microseconds, moved forward by every such write). One primary-key read.
     */
    long changeCount(String experiment);

    /**
     * The newest {@code limit} (1 to 1000) events of an experiment with an id above {@code afterId}, in id order:
     * {@code afterId} 0 gives the latest events, the last id seen gives what came since.
     */
    List<EventRecord> events(String experiment, long afterId, int limit);

    /** What shared-weight searches stored: supernet epochs, controller samples, derived candidates. */
    SharedRuns shared();
}
