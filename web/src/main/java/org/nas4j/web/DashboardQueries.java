package org.nas4j.web;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.nas4j.core.EpochMetrics;
import org.nas4j.core.PolicyStep;
import org.nas4j.core.read.ExperimentInfo;
import org.nas4j.core.read.TrialDetail;
import org.nas4j.core.read.TrialPage;
import org.nas4j.core.read.TrialQuery;
import org.nas4j.core.read.TrialRow;

/**
 * Everything the dashboard reads, as records: the daemon (or {@code nas serve}) implements it over the store.
 * Called from any number of request threads and from the live-update poller at once, while a search writes:
 * implementations must be thread-safe and should read one consistent snapshot per call.
 *
 * <p>Methods taking an experiment name throw {@link NoSuchElementException} when there is no such experiment
 * (the dashboard answers 404). Arguments are validated by the dashboard before they get here.
 */
public interface DashboardQueries {
    /** When the store's newest backup was taken, if it has one (shown on the experiments page). */
    default Optional<java.time.Instant> lastBackup() {
        return Optional.empty();
    }

    /** The supernet epochs and derived candidates of a shared-weight experiment; empty for any other. */
    default Optional<SharedView> shared(String experiment) {
        return Optional.empty();
    }

    /** Every experiment, oldest first. */
    List<ExperimentInfo> experiments();

    /** One experiment, or empty when there is none of that name. */
    Optional<ExperimentInfo> experiment(String name);

    /** One page of an experiment's trials, sorted and filtered as {@code query} says, with the matching total. */
    TrialPage trials(String experiment, TrialQuery query);

    /** Every trial of an experiment by id (the charts plot them all); rewards NaN until a trial finishes. */
    List<TrialRow> points(String experiment);

    /** One trial with its architecture, curve and network (layer summary, skip links, DL4J configuration), or empty when there is none. */
    Optional<TrialDetail> trial(long id);

    /**
     * The curves of these trials (at most 100 ids are asked at once), by trial id, epochs in order; ids that do
     * not exist are left out and a trial without epochs maps to an empty list.
     */
    Map<Long, List<EpochMetrics>> curves(Collection<Long> trialIds);

    /** The controller's statistics, one per policy step in step order; empty for strategies without a policy. */
    List<PolicyStep> policySteps(String experiment);

    /** The experiment's decision space and every trial's architecture in trial order (for the convergence heatmap). */
    DecisionHistory decisions(String experiment);

    /**
     * A number that changes whenever anything about the experiment changes (a trial created, an epoch recorded, a
     * trial finished or retrained, a policy step, a status change); only compared for equality, so a counter or a
     * fingerprint will do. Called once a second while a browser watches; must be cheap.
     */
    long changeCount(String experiment);
}
