package org.nas4j.daemon.web;

import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.nas4j.core.EpochMetrics;
import org.nas4j.core.PolicyStep;
import org.nas4j.core.TrialState;
import org.nas4j.store.ExperimentRecord;
import org.nas4j.store.FinalTrainingRecord;
import org.nas4j.store.StoreQueries;
import org.nas4j.store.TrialPoint;
import org.nas4j.store.TrialRecord;
import org.nas4j.web.DashboardQueries;
import org.nas4j.web.DecisionHistory;
import org.nas4j.web.SharedView;
import org.nas4j.web.ExperimentInfo;
import org.nas4j.web.Retrained;
import org.nas4j.web.TrialDetail;
import org.nas4j.web.TrialPage;
import org.nas4j.web.TrialQuery;
import org.nas4j.web.TrialRow;

/**
 * The dashboard's queries over the store's read side: every call reads the store (one snapshot each), so pages see
 * what any daemon writing the same database did. The spaces parsed from experiment configs are cached by
 * experiment (a stored config never changes). Thread-safe.
 */
public final class StoreDashboard implements DashboardQueries {
    private final StoreQueries store;
    /** An experiment's name and parsed space, by its id: neither ever changes. */
    private record Known(String name, StoredSpace space) {}

    private final Map<Long, Known> known = new ConcurrentHashMap<>();
    private final Map<Long, Boolean> sharedById = new ConcurrentHashMap<>();
    private final PointsCache points;

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
        TrialPoint best = null;
        for (TrialPoint p : points.points(e.name())) {
            counts.merge(p.state(), 1, Integer::sum);
            boolean ranked = p.state().ranked() && !Double.isNaN(p.reward());
            if (ranked && (best == null || p.reward() > best.reward())) {
                best = p;
            }
        }
        return new ExperimentInfo(e.name(), e.status().id(), e.strategy(), space(e).name(), e.budgetTrials(), counts,
                best == null ? Double.NaN : best.reward(), best == null ? null : best.id(), e.elapsedSeconds(),
                e.createdAt(), e.startedAt(), e.finishedAt(),
                store.finalTrainings(e.name()).stream().map(StoreDashboard::retrained).toList());
    }

    @Override
    public TrialPage trials(String experiment, TrialQuery q) {
        var page = store.trials(experiment, new org.nas4j.store.TrialQuery(q.page(), q.size(), q.sort().id, q.descending(),
                q.state()));
        return new TrialPage(page.trials().stream().map(StoreDashboard::row).toList(), page.total(), page.page(), page.size());
    }

    @Override
    public List<TrialRow> points(String experiment) {
        return points.points(experiment).stream().map(StoreDashboard::row).toList();
    }

    @Override
    public Optional<TrialDetail> trial(long id) {
        return store.trial(id).map(d -> {
            TrialRecord t = d.trial();
            Known e = known(t.experimentId());
            StoredSpace space = e.space();
            NetworkSummary net = space.cnn() == null ? NetworkSummary.NONE
                    : NetworkSummary.of(space.cnn(), space.training(), t.architecture(), t.seed());
            return new TrialDetail(row(t), e.name(), t.architecture(), t.seed(), t.bestEpoch(), t.error(), t.inferenceMs(),
                    t.batchSize(), net.layers(), net.links(), d.curve(), net.dl4jConfigJson(),
                    store.finalTraining(id).map(StoreDashboard::retrained).orElse(null), t.provenance(), t.configHash());
        });
    }

    @Override
    public Map<Long, List<EpochMetrics>> curves(Collection<Long> trialIds) {
        return store.curves(trialIds);
    }

    @Override
    public List<PolicyStep> policySteps(String experiment) {
        return store.policySteps(experiment);
    }

    /** At most this many of the controller's newest samples make a shared-weight search's heatmap. */
    static final int HEATMAP_SAMPLES = 20_000;

    /** A shared-weight search's heatmap follows the children its controller scored, in order; any other, its trials. */
    @Override
    public DecisionHistory decisions(String experiment) {
        ExperimentRecord e = store.experimentRecord(experiment).orElseThrow(() -> missing(experiment));
        StoredSpace space = space(e);
        if (shared(e)) {
            var runs = store.shared();
            var samples = runs.samples(e.id(), Math.max(0, runs.lastSample(e.id()) - HEATMAP_SAMPLES), HEATMAP_SAMPLES);
            return new DecisionHistory(space.requireDecisions(), samples.stream().map(s -> space.architecture(s.key())).toList());
        }
        return new DecisionHistory(space.requireDecisions(), points.architectures(experiment, space::architecture));
    }

    @Override
    public Optional<SharedView> shared(String experiment) {
        ExperimentRecord e = store.experimentRecord(experiment).orElseThrow(() -> missing(experiment));
        if (!shared(e)) {
            return Optional.empty();
        }
        var runs = store.shared();
        return Optional.of(new SharedView(runs.epochs(e.id()).stream().map(x -> new SharedView.Epoch(x.epoch(), x.trainLoss(),
                x.meanReward(), x.learningRate(), x.steps(), x.seconds())).toList(),
                runs.derived(e.id()).stream().map(c -> new SharedView.Candidate(c.rank(), c.key(), c.sharedAccuracy(),
                        Double.isNaN(c.standaloneAccuracy()) ? null : c.standaloneAccuracy(), c.state(), c.trialId())).toList()));
    }

    /** Whether an experiment searches with shared weights: read from its config once (a stored config never changes). */
    private boolean shared(ExperimentRecord e) {
        return sharedById.computeIfAbsent(e.id(), id -> "shared".equals(org.nas4j.core.Json.read(e.configJson(), "stored config")
                .path("evaluation").asText()));
    }

    @Override
    public long changeCount(String experiment) {
        return store.changeCount(experiment);
    }

    private StoredSpace space(ExperimentRecord e) {
        return known.computeIfAbsent(e.id(), id -> new Known(e.name(), StoredSpace.of(e))).space();
    }

    /** The experiment of a trial: read once, then known. */
    private Known known(long id) {
        Known k = known.get(id);
        if (k == null) {
            store.experimentRecords().stream().filter(e -> e.id() == id).findFirst().ifPresent(this::space);
            k = known.get(id);
        }
        if (k == null) {
            throw new IllegalStateException("trial of an unknown experiment " + id);
        }
        return k;
    }

    private static java.util.NoSuchElementException missing(String name) {
        return new java.util.NoSuchElementException("there is no experiment '" + name + "'");
    }

    static TrialRow row(TrialRecord t) {
        return new TrialRow(t.id(), t.number(), t.key(), t.state(), t.stopReason(), t.reward(), t.params(), t.flops(),
                t.epochsRun(), t.trainingSeconds(), t.createdAt(), t.finishedAt());
    }

    static TrialRow row(TrialPoint p) {
        return new TrialRow(p.id(), p.number(), p.key(), p.state(), p.stopReason(), p.reward(), p.params(), p.flops(), 0,
                Double.NaN, p.createdAt(), p.finishedAt());
    }

    static Retrained retrained(FinalTrainingRecord f) {
        return new Retrained(f.trialId(), f.number(), f.key(), f.searchReward(), f.validationAccuracy(), f.testAccuracy(),
                f.epochs(), f.trainedAt());
    }
}
