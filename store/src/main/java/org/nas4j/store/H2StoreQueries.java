package org.nas4j.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.ToLongFunction;
import org.nas4j.core.EpochMetrics;
import org.nas4j.core.PolicyStep;
import org.nas4j.core.TrialState;
import org.nas4j.core.read.FinalTraining;
import org.nas4j.core.read.NetworkSummary;
import org.nas4j.core.read.TrialDetail;
import org.nas4j.core.read.TrialPage;
import org.nas4j.core.read.TrialQuery;
import org.nas4j.core.read.TrialRow;
import org.nas4j.core.read.TrialSort;

/** {@link StoreQueries} on the read pool of a {@link Database}. Thread-safe. */
final class H2StoreQueries implements StoreQueries {
    private final Database db;
    private final SharedRuns shared;

    H2StoreQueries(Database db, java.time.Clock clock) {
        this.db = db;
        this.shared = new SharedRuns(db, clock);
    }

    @Override
    public Optional<java.time.Instant> lastBackup() {
        return Backups.of(db.url()).flatMap(Backups::newest).map(Backups::takenAt);
    }

    @Override
    public List<ExperimentSummary> experiments() {
        return db.read(c -> {
            var out = new java.util.ArrayList<ExperimentSummary>();
            for (ExperimentRecord e : Sql.list(c, "SELECT * FROM experiments ORDER BY id", Rows::experiment)) {
                out.add(summary(c, e));
            }
            return out;
        });
    }

    @Override
    public Optional<ExperimentSummary> experiment(String name) {
        return db.read(c -> {
            var e = find(c, name);
            return e.isEmpty() ? Optional.empty() : Optional.of(summary(c, e.get()));
        });
    }

    @Override
    public TrialPage trials(String experiment, TrialQuery query) {
        return db.read(c -> {
            long e = require(c, experiment);
            return new TrialPage(page(c, e, query, Rows.ROW, Rows::row, TrialRow::id), count(c, e, query.state()), query.page(),
                    query.size());
        });
    }

    @Override
    public List<TrialRow> points(String experiment) {
        return db.read(c -> Sql.list(c, Rows.ROW + "WHERE experiment_id = ? ORDER BY id", Rows::row, require(c, experiment)));
    }

    @Override
    public List<TrialRow> pointsSince(String experiment, long afterId, Collection<Long> ids) {
        return db.read(c -> {
            long e = require(c, experiment);
            // "+ 0" keeps the planner on the primary key's range instead of walking the experiment's index
            var out = new TreeMap<Long, TrialRow>();
            for (TrialRow r : Sql.list(c, Rows.ROW + "WHERE id > ? AND experiment_id + 0 = ?", Rows::row, afterId, e)) {
                out.put(r.id(), r);
            }
            if (!ids.isEmpty()) {
                for (TrialRow r : Sql.list(c, Rows.ROW + "WHERE id = ANY(?) AND experiment_id + 0 = ?", Rows::row,
                        ids.toArray(Long[]::new), e)) {
                    out.put(r.id(), r);
                }
            }
            return List.copyOf(out.values());
        });
    }

    @Override
    public Optional<ExperimentRecord> experimentRecord(String name) {
        return db.read(c -> find(c, name));
    }

    @Override
    public List<ExperimentRecord> experimentRecords() {
        return db.read(c -> Sql.list(c, "SELECT * FROM experiments ORDER BY id", Rows::experiment));
    }

    @Override
    public Optional<TrialDetail> trial(long id) {
        return db.read(c -> {
            var found = Sql.one(c, "SELECT * FROM trials WHERE id = ?", Rows::trial, id);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            TrialRecord t = found.get();
            String experiment = Sql.one(c, "SELECT name FROM experiments WHERE id = ?", rs -> rs.getString(1), t.experimentId())
                    .orElseThrow();
            var curve = Sql.list(c, "SELECT * FROM epochs WHERE trial_id = ? ORDER BY epoch", Rows::epoch, id);
            return Optional.of(new TrialDetail(t.row(), experiment, t.architecture(), t.seed(), t.bestEpoch(), t.error(),
                    t.inferenceMs(), t.batchSize(), curve, finalTraining(c, id).orElse(null), t.provenance(), t.configHash(),
                    NetworkSummary.NONE));
        });
    }

    /** An epoch of one trial's curve. */
    private record CurvePoint(long trialId, EpochMetrics epoch) {}

    @Override
    public Map<Long, List<EpochMetrics>> curves(Collection<Long> trialIds) {
        if (trialIds.size() > MAX_CURVES) {
            throw new IllegalArgumentException("trial ids must be at most " + MAX_CURVES + ", not " + trialIds.size());
        }
        Map<Long, List<EpochMetrics>> out = new LinkedHashMap<>();
        trialIds.forEach(id -> out.put(id, new ArrayList<>()));
        if (out.isEmpty()) {
            return out;
        }
        return db.read(c -> {
            for (CurvePoint p : Sql.list(c, "SELECT * FROM epochs WHERE trial_id = ANY(?) ORDER BY trial_id, epoch",
                    rs -> new CurvePoint(rs.getLong("trial_id"), Rows.epoch(rs)), (Object) out.keySet().toArray(Long[]::new))) {
                out.get(p.trialId()).add(p.epoch());
            }
            out.replaceAll((id, curve) -> List.copyOf(curve));
            return out;
        });
    }

    @Override
    public List<PolicyStep> policySteps(String experiment) {
        return db.read(c -> Sql.list(c, "SELECT * FROM policy_steps WHERE experiment_id = ? ORDER BY step", Rows::policyStep,
                require(c, experiment)));
    }

    @Override
    public List<EventRecord> events(String experiment, long afterId, int limit) {
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit must be from 1 to 1000, not " + limit);
        }
        return db.read(c -> Sql.list(c, "SELECT * FROM (SELECT * FROM events WHERE experiment_id = ? AND id > ? "
                + "ORDER BY id DESC LIMIT " + limit + ") ORDER BY id", Rows::event, require(c, experiment), afterId));
    }

    /** A range on the index's second column (IS NOT NULL is not one), so that only retrained trials are read. */
    private static final String FINAL = Rows.FINAL_TRAINING + "USE INDEX (trials_by_final_training) WHERE "
            + "final_trained_at > TIMESTAMP WITH TIME ZONE '1970-01-01 00:00:00Z' AND ";

    @Override
    public List<FinalTraining> finalTrainings(String experiment) {
        return db.read(c -> Sql.list(c, FINAL + "experiment_id = ? ORDER BY test_accuracy DESC NULLS LAST, id",
                Rows::finalTraining, require(c, experiment)));
    }

    @Override
    public Optional<FinalTraining> finalTraining(long trialId) {
        return db.read(c -> finalTraining(c, trialId));
    }

    private static Optional<FinalTraining> finalTraining(Connection c, long trialId) throws SQLException {
        return Sql.one(c, Rows.FINAL_TRAINING + "WHERE final_trained_at IS NOT NULL AND id = ?", Rows::finalTraining, trialId);
    }

    /** The experiment's change stamp: {@code updated_at}, which every write the pages show moves forward, in microseconds. */
    @Override
    public long changeCount(String experiment) {
        return db.read(c -> Sql.one(c, "SELECT updated_at FROM experiments WHERE name = ?", rs -> {
            var t = rs.getTimestamp(1).toInstant();
            return t.getEpochSecond() * 1_000_000 + t.getNano() / 1000;
        }, experiment).orElseThrow(() -> new NoSuchElementException("there is no experiment '" + experiment + "'")));
    }

    // ---- shared with NasStore

    static Optional<ExperimentRecord> find(Connection c, String name) throws SQLException {
        return Sql.one(c, "SELECT * FROM experiments WHERE name = ?", Rows::experiment, name);
    }

    private static long require(Connection c, String name) throws SQLException {
        return Sql.one(c, "SELECT id FROM experiments WHERE name = ?", rs -> rs.getLong(1), name)
                .orElseThrow(() -> new NoSuchElementException("there is no experiment '" + name + "'"));
    }

    /** How many trials of an experiment are in one state. */
    private record StateCount(TrialState state, int trials) {}

    static ExperimentSummary summary(Connection c, ExperimentRecord e) throws SQLException {
        Map<TrialState, Integer> counts = new EnumMap<>(TrialState.class);
        for (TrialState s : TrialState.values()) {
            counts.put(s, 0);
        }
        for (StateCount n : Sql.list(c, "SELECT state, COUNT(*) FROM trials WHERE experiment_id = ? GROUP BY state",
                rs -> new StateCount(TrialState.valueOf(rs.getString(1)), rs.getInt(2)), e.id())) {
            counts.put(n.state(), n.trials());
        }
        var best = Sql.one(c, Rows.ROW + "WHERE experiment_id = ? AND reward IS NOT NULL AND state IN " + Sql.in(TrialState.RANKED)
                + " ORDER BY reward DESC, id LIMIT 1", Rows::row, e.id());
        long step = Sql.one(c, "SELECT COALESCE(MAX(step), 0) FROM policy_steps WHERE experiment_id = ?", rs -> rs.getLong(1),
                e.id()).orElse(0L);
        return new ExperimentSummary(e, counts, best.map(TrialRow::key).orElse(null),
                best.map(TrialRow::reward).orElse(Double.NaN), best.map(TrialRow::id).orElse(null), step);
    }

    /**
     * One page of trials read by {@code select} (a SELECT of trial columns up to its WHERE) as {@code row}s, in order.
     * The page is sorted and cut on (id, sort column) alone (NULL lowest, ties by id, in the asked direction: the order
     * of the sort indexes, read forwards or backwards), then only its rows are read: sorting thousands of full rows
     * (architecture JSON included) is what made a page slow.
     */
    static <T> List<T> page(Connection c, long experiment, TrialQuery q, String select, Sql.Row<T> row, ToLongFunction<T> id)
            throws SQLException {
        String column = q.sort() == TrialSort.CREATED ? "created_at" : q.sort().id;
        String order = q.descending() ? column + " DESC NULLS LAST, id DESC" : column + " NULLS FIRST, id";
        List<Long> ids = Sql.list(c, "SELECT id FROM trials WHERE " + where(q.state()) + " ORDER BY " + order + " LIMIT "
                + q.size() + " OFFSET " + q.offset(), rs -> rs.getLong(1), args(experiment, q.state()));
        Map<Long, T> rows = new HashMap<>();
        if (!ids.isEmpty()) {
            Sql.list(c, select + "WHERE id = ANY(?)", row, (Object) ids.toArray(Long[]::new)).forEach(r -> rows.put(id.applyAsLong(r), r));
        }
        return ids.stream().map(rows::get).toList();
    }

    private static long count(Connection c, long experiment, TrialState state) throws SQLException {
        return Sql.one(c, "SELECT COUNT(*) FROM trials WHERE " + where(state), rs -> rs.getLong(1), args(experiment, state)).orElse(0L);
    }

    private static String where(TrialState state) {
        return "experiment_id = ?" + (state == null ? "" : " AND state = ?");
    }

    private static Object[] args(long experiment, TrialState state) {
        return state == null ? new Object[] {experiment} : new Object[] {experiment, state.name()};
    }

    @Override
    public SharedRuns shared() {
        return shared;
    }
}
