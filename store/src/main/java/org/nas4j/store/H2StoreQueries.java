package org.nas4j.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.nas4j.core.EpochMetrics;
import org.nas4j.core.PolicyStep;
import org.nas4j.core.TrialState;

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
        return db.read(c -> page(c, require(c, experiment), query));
    }

    private static final String POINT = "SELECT id, number, arch_key, state, stop_reason, reward, params, flops, created_at, "
            + "finished_at FROM trials WHERE ";

    private static TrialPoint point(java.sql.ResultSet rs) throws SQLException {
        return new TrialPoint(rs.getLong(1), rs.getInt(2), rs.getString(3), TrialState.valueOf(rs.getString(4)), rs.getString(5),
                Sql.real(rs, "reward"), rs.getLong(7), rs.getLong(8), Sql.time(rs, "created_at"), Sql.time(rs, "finished_at"));
    }

    @Override
    public List<TrialPoint> points(String experiment) {
        return db.read(c -> Sql.list(c, POINT + "experiment_id = ? ORDER BY id", H2StoreQueries::point, require(c, experiment)));
    }

    @Override
    public List<TrialPoint> pointsSince(String experiment, long afterId, Collection<Long> ids) {
        return db.read(c -> {
            long e = require(c, experiment);
            // "+ 0" keeps the planner on the primary key's range instead of walking the experiment's index
            var out = new java.util.TreeMap<Long, TrialPoint>();
            for (TrialPoint p : Sql.list(c, POINT + "id > ? AND experiment_id + 0 = ?", H2StoreQueries::point, afterId, e)) {
                out.put(p.id(), p);
            }
            if (!ids.isEmpty()) {
                for (TrialPoint p : Sql.list(c, POINT + "id = ANY(?) AND experiment_id + 0 = ?", H2StoreQueries::point,
                        ids.toArray(Long[]::new), e)) {
                    out.put(p.id(), p);
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
            var t = Sql.one(c, "SELECT * FROM trials WHERE id = ?", Rows::trial, id);
            if (t.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new TrialDetail(t.get(), Sql.list(c, "SELECT * FROM epochs WHERE trial_id = ? ORDER BY epoch",
                    Rows::epoch, id)));
        });
    }

    @Override
    public Map<Long, List<EpochMetrics>> curves(Collection<Long> trialIds) {
        if (trialIds.size() > MAX_CURVES) {
            throw new IllegalArgumentException("trial ids must be at most " + MAX_CURVES + ", not " + trialIds.size());
        }
        Map<Long, List<EpochMetrics>> out = new LinkedHashMap<>();
        trialIds.forEach(id -> out.put(id, new java.util.ArrayList<>()));
        if (out.isEmpty()) {
            return out;
        }
        return db.read(c -> {
            for (Object[] row : Sql.list(c, "SELECT * FROM epochs WHERE trial_id = ANY(?) ORDER BY trial_id, epoch",
                    rs -> new Object[] {rs.getLong("trial_id"), Rows.epoch(rs)}, (Object) out.keySet().toArray(Long[]::new))) {
                out.get((Long) row[0]).add((EpochMetrics) row[1]);
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

    private static final String COLUMNS = "SELECT id, number, arch_key, reward, final_validation_accuracy, test_accuracy, "
            + "final_epochs, final_trained_at, params, final_seconds FROM trials ";
    /** A range on the index's second column (IS NOT NULL is not one), so that only retrained trials are read. */
    private static final String FINAL = COLUMNS + "USE INDEX (trials_by_final_training) WHERE "
            + "final_trained_at > TIMESTAMP WITH TIME ZONE '1970-01-01 00:00:00Z' AND ";

    @Override
    public List<FinalTrainingRecord> finalTrainings(String experiment) {
        return db.read(c -> Sql.list(c, FINAL + "experiment_id = ? ORDER BY test_accuracy DESC NULLS LAST, id",
                H2StoreQueries::finalTraining, require(c, experiment)));
    }

    @Override
    public Optional<FinalTrainingRecord> finalTraining(long trialId) {
        return db.read(c -> Sql.one(c, COLUMNS + "WHERE final_trained_at IS NOT NULL AND id = ?", H2StoreQueries::finalTraining, trialId));
    }

    private static FinalTrainingRecord finalTraining(java.sql.ResultSet rs) throws SQLException {
        return new FinalTrainingRecord(rs.getLong(1), rs.getInt(2), rs.getString(3), Sql.real(rs, "reward"),
                Sql.real(rs, "final_validation_accuracy"), Sql.real(rs, "test_accuracy"), rs.getInt(7),
                Sql.time(rs, "final_trained_at"), rs.getLong("params"), Sql.real(rs, "final_seconds"));
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

    static ExperimentSummary summary(Connection c, ExperimentRecord e) throws SQLException {
        Map<TrialState, Integer> counts = new EnumMap<>(TrialState.class);
        for (TrialState s : TrialState.values()) {
            counts.put(s, 0);
        }
        for (Object[] row : Sql.list(c, "SELECT state, COUNT(*) FROM trials WHERE experiment_id = ? GROUP BY state",
                rs -> new Object[] {rs.getString(1), rs.getInt(2)}, e.id())) {
            counts.put(TrialState.valueOf((String) row[0]), (Integer) row[1]);
        }
        var best = Sql.one(c, "SELECT arch_key, reward, id FROM trials WHERE experiment_id = ? AND reward IS NOT NULL "
                + "AND state IN " + Sql.in(TrialState.RANKED) + " ORDER BY reward DESC, id LIMIT 1",
                rs -> new Object[] {rs.getString(1), rs.getDouble(2), rs.getLong(3)}, e.id());
        long step = Sql.one(c, "SELECT COALESCE(MAX(step), 0) FROM policy_steps WHERE experiment_id = ?", rs -> rs.getLong(1),
                e.id()).orElse(0L);
        return new ExperimentSummary(e, counts, best.map(b -> (String) b[0]).orElse(null),
                best.map(b -> (Double) b[1]).orElse(Double.NaN), best.map(b -> (Long) b[2]).orElse(null), step);
    }

    /**
     * Sorts and cuts the page on (id, sort column) alone (NULL lowest, ties by id, in the asked direction: the
     * order of the sort indexes, read forwards or backwards), then reads the page's whole rows: sorting thousands
     * of full rows (architecture JSON included) is what made a page slow.
     */
    static TrialPage page(Connection c, long experiment, TrialQuery q) throws SQLException {
        String where = "experiment_id = ?" + (q.state() == null ? "" : " AND state = ?");
        Object[] args = q.state() == null ? new Object[] {experiment} : new Object[] {experiment, q.state().name()};
        long total = Sql.one(c, "SELECT COUNT(*) FROM trials WHERE " + where, rs -> rs.getLong(1), args).orElse(0L);
        String order = q.descending() ? q.column() + " DESC NULLS LAST, id DESC" : q.column() + " NULLS FIRST, id";
        List<Long> ids = Sql.list(c, "SELECT id FROM trials WHERE " + where + " ORDER BY " + order + " LIMIT " + q.size()
                + " OFFSET " + (long) q.page() * q.size(),
                rs -> rs.getLong(1), args);
        Map<Long, TrialRecord> rows = new java.util.HashMap<>();
        if (!ids.isEmpty()) {
            for (TrialRecord t : Sql.list(c, "SELECT * FROM trials WHERE id = ANY(?)", Rows::trial, (Object) ids.toArray(Long[]::new))) {
                rows.put(t.id(), t);
            }
        }
        return new TrialPage(ids.stream().map(rows::get).toList(), total, q.page(), q.size());
    }

    @Override
    public SharedRuns shared() {
        return shared;
    }
}
