package org.nas4j.daemon.web;

import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.nas4j.core.EpochMetrics;
import org.nas4j.core.Json;
import org.nas4j.core.PolicyStep;
import org.nas4j.core.TrialState;
import org.nas4j.core.read.ExperimentInfo;
import org.nas4j.core.read.TrialDetail;
import org.nas4j.core.read.TrialPage;
import org.nas4j.core.read.TrialQuery;
import org.nas4j.core.read.TrialRow;
import org.nas4j.store.ExperimentRecord;
import org.nas4j.store.StoreQueries;
import org.nas4j.web.DashboardQueries;
import org.nas4j.web.DecisionHistory;
import org.nas4j.web.SharedView;

/**
 * The dashboard's queries over the store's read side, which returns the dashboard's records: what this adds is a
 * cache of every experiment's trial rows (counts, best trial and heatmap come from it), the spaces parsed from
 * experiment configs (a stored config never changes), and a trial's network, compiled from its space. Every call
 * reads the store (one snapshot each), so pages see what any daemon writing the same database did. Thread-safe.
 */
public final class StoreDashboard implements DashboardQueries {
    /** At most this many of the controller's newest samples make a shared-weight search's heatmap. */
    static final int HEATMAP_SAMPLES = 20_000;

    /** What an experiment's stored config says: its space, and whether it searches with shared weights. */
    private record Known(long id, StoredSpace space, boolean shared) {
        static Known of(ExperimentRecord e) {
            return new Known(e.id(), StoredSpace.of(e),
                    "shared".equals(Json.read(e.configJson(), "stored config").path("evaluation").asText()));
        }
    }

    private final StoreQueries store;
    private final PointsCache points;
    /** By experiment name: read once. */
    private final Map<String, Known> known = new ConcurrentHashMap<>();

    public StoreDashboard(StoreQueries store) {
        this.store = store;
        this.points = new PointsCache(store);
    }

    @Override
    public Optional<java.time.Instant> lastBackup() {
        return store.lastBackup();
    }

    @Override
    public List<ExperimentInfo> experiments() {
        return store.experimentRecords().stream().map(this::info).toList();
    }

    @Override
    public Optional<ExperimentInfo> experiment(String name) {
        return store.experimentRecord(name).map(this::info);
    }

    /** The experiment with its counts and best trial (the best completed or pruned reward, first trial on ties). */
    private ExperimentInfo info(ExperimentRecord e) {
        var counts = new EnumMap<TrialState, Integer>(TrialState.class);
        TrialRow best = null;
        for (TrialRow p : points.points(e.name())) {
            counts.merge(p.state(), 1, Integer::sum);
            boolean ranked = p.state().ranked() && !Double.isNaN(p.reward());
            if (ranked && (best == null || p.reward() > best.reward())) {
                best = p;
            }
        }
        return new ExperimentInfo(e.name(), e.status().id(), e.strategy(), known(e).space().name(), e.budgetTrials(), counts,
                best == null ? Double.NaN : best.reward(), best == null ? null : best.id(), e.elapsedSeconds(),
                e.createdAt(), e.startedAt(), e.finishedAt(), store.finalTrainings(e.name()));
    }

    @Override
    public TrialPage trials(String experiment, TrialQuery query) {
        return store.trials(experiment, query);
    }

    @Override
    public List<TrialRow> points(String experiment) {
        return points.points(experiment);
    }

    @Override
    public Optional<TrialDetail> trial(long id) {
        return store.trial(id).map(t -> t.withNetwork(known(t.experiment()).space().network(t.architecture(), t.seed())));
    }

    @Override
    public Map<Long, List<EpochMetrics>> curves(Collection<Long> trialIds) {
        return store.curves(trialIds);
    }

    @Override
    public List<PolicyStep> policySteps(String experiment) {
        return store.policySteps(experiment);
    }

    /** A shared-weight search's heatmap follows the children its controller scored, in order; any other, its trials. */
    @Override
    public DecisionHistory decisions(String experiment) {
        Known e = known(experiment);
        StoredSpace space = e.space();
        if (e.shared()) {
            var runs = store.shared();
            var samples = runs.samples(e.id(), Math.max(0, runs.lastSample(e.id()) - HEATMAP_SAMPLES), HEATMAP_SAMPLES);
            return new DecisionHistory(space.requireDecisions(), samples.stream().map(s -> space.architecture(s.key())).toList());
        }
        return new DecisionHistory(space.requireDecisions(), points.architectures(experiment, space::architecture));
    }

    @Override
    public Optional<SharedView> shared(String experiment) {
        Known e = known(experiment);
        if (!e.shared()) {
            return Optional.empty();
        }
        var runs = store.shared();
        return Optional.of(new SharedView(runs.epochs(e.id()).stream().map(x -> new SharedView.Epoch(x.epoch(), x.trainLoss(),
                x.meanReward(), x.learningRate(), x.steps(), x.seconds())).toList(),
                runs.derived(e.id()).stream().map(c -> new SharedView.Candidate(c.rank(), c.key(), c.sharedAccuracy(),
                        Double.isNaN(c.standaloneAccuracy()) ? null : c.standaloneAccuracy(), c.state(), c.trialId())).toList()));
    }

    @Override
    public long changeCount(String experiment) {
        return store.changeCount(experiment);
    }

    private Known known(ExperimentRecord e) {
        return known.computeIfAbsent(e.name(), name -> Known.of(e));
    }

    /** @throws NoSuchElementException when there is no experiment of that name */
    private Known known(String name) {
        return known.computeIfAbsent(name, n -> Known.of(store.experimentRecord(n)
                .orElseThrow(() -> new NoSuchElementException("there is no experiment '" + n + "'"))));
    }
}
