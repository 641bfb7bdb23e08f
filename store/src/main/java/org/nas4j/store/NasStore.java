package org.nas4j.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.nas4j.core.Architecture;
import org.nas4j.core.EpochMetrics;
import org.nas4j.core.Json;
import org.nas4j.core.PolicyStep;
import org.nas4j.core.TrialResult;
import org.nas4j.core.TrialState;
import org.nas4j.core.UserError;

/**
 * Reads and writes experiments and their trials. Every write is one transaction; trial state changes
 * follow {@link TrialState#to}, so a finished trial can never change again. Thread-safe.
 */
public final class NasStore implements AutoCloseable {
    static final Set<String> SORTS = Set.of("id", "reward", "params", "flops", "created");

    private final Database db;

    public NasStore(Database db) {
        this.db = db;
    }

    public static NasStore open(String url) {
        return new NasStore(Database.open(url));
    }

    public String url() {
        return db.url();
    }

    // ---- experiments

    public ExperimentRecord createExperiment(String name, String configText, String configJson, String source,
                                             String strategy, int budget, long seed) {
        return db.transaction(c -> {
            if (experiment(c, name).isPresent()) {
                throw new UserError("experiment '" + name + "' exists already: resume it with `nas resume " + name + "`, or choose another --name");
            }
            Instant now = Instant.now();
            Sql.insert(c, "INSERT INTO experiments (name, config_text, config_json, source, strategy, budget_trials, seed, "
                    + "status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'created', ?, ?)",
                    name, configText, configJson, source, strategy, budget, seed, now, now);
            return experiment(c, name).orElseThrow();
        });
    }

    public Optional<ExperimentRecord> experiment(String name) {
        return db.transaction(c -> experiment(c, name));
    }

    /** The experiment named {@code name}, or a UserError listing the names there are. */
    public ExperimentRecord require(String name) {
        return experiment(name).orElseThrow(() -> new UserError("there is no experiment '" + name + "' in " + db.url()
                + "; experiments: " + experiments().stream().map(ExperimentRecord::name).toList()));
    }

    public List<ExperimentRecord> experiments() {
        return db.transaction(c -> Sql.list(c, "SELECT * FROM experiments ORDER BY id", NasStore::experiment));
    }

    public void status(long experiment, String status) {
        db.transaction(c -> Sql.update(c, "UPDATE experiments SET status = ?, updated_at = ? WHERE id = ?", status, Instant.now(), experiment));
    }

    public void addElapsed(long experiment, double seconds) {
        db.transaction(c -> Sql.update(c, "UPDATE experiments SET elapsed_seconds = elapsed_seconds + ?, updated_at = ? WHERE id = ?",
                seconds, Instant.now(), experiment));
    }

    public ExperimentSummary summary(ExperimentRecord e) {
        return db.transaction(c -> {
            Map<TrialState, Integer> counts = new EnumMap<>(TrialState.class);
            for (TrialState s : TrialState.values()) {
                counts.put(s, 0);
            }
            for (Object[] row : Sql.list(c, "SELECT state, COUNT(*) FROM trials WHERE experiment_id = ? GROUP BY state",
                    rs -> new Object[] {rs.getString(1), rs.getInt(2)}, e.id())) {
                counts.put(TrialState.valueOf((String) row[0]), (Integer) row[1]);
            }
            var best = Sql.one(c, "SELECT arch_key, reward FROM trials WHERE experiment_id = ? AND reward IS NOT NULL "
                    + "AND state IN ('COMPLETED', 'PRUNED') ORDER BY reward DESC, id LIMIT 1",
                    rs -> new Object[] {rs.getString(1), rs.getDouble(2)}, e.id());
            long step = Sql.one(c, "SELECT MAX(step) FROM policy_steps WHERE experiment_id = ?", rs -> rs.getLong(1), e.id()).orElse(0L);
            return new ExperimentSummary(e, counts, best.map(b -> (String) b[0]).orElse(null),
                    best.map(b -> (Double) b[1]).orElse(Double.NaN), step);
        });
    }

    // ---- trials

    /** Adds a PENDING trial numbered after the last one. @throws IllegalStateException for a key already there */
    public TrialRecord addTrial(long experiment, Architecture architecture, long seed) {
        return db.transaction(c -> {
            if (Sql.one(c, "SELECT id FROM trials WHERE experiment_id = ? AND arch_key = ?", rs -> rs.getLong(1),
                    experiment, architecture.key()).isPresent()) {
                throw new IllegalStateException("architecture " + architecture.key() + " is already a trial of this experiment");
            }
            int number = Sql.one(c, "SELECT COALESCE(MAX(number), 0) + 1 FROM trials WHERE experiment_id = ?",
                    rs -> rs.getInt(1), experiment).orElse(1);
            long id = Sql.insert(c, "INSERT INTO trials (experiment_id, number, arch_key, architecture, state, seed, created_at) "
                    + "VALUES (?, ?, ?, ?, 'PENDING', ?, ?)", experiment, number, architecture.key(),
                    Json.write(architecture.toJson()), seed, Instant.now());
            return trial(c, id).orElseThrow();
        });
    }

    public void running(long trial, String worker, String device, String checkpointDir) {
        db.transaction(c -> {
            move(c, trial, TrialState.RUNNING);
            return Sql.update(c, "UPDATE trials SET worker = ?, device = ?, checkpoint_dir = ?, started_at = ? WHERE id = ?",
                    worker, device, checkpointDir, Instant.now(), trial);
        });
    }

    public void epoch(long trial, EpochMetrics m) {
        db.transaction(c -> Sql.update(c, "MERGE INTO epochs (trial_id, epoch, train_loss, validation_loss, validation_accuracy, "
                + "epoch_seconds, images_per_second) KEY (trial_id, epoch) VALUES (?, ?, ?, ?, ?, ?, ?)", trial, m.epoch(),
                m.trainLoss(), m.validationLoss(), m.validationAccuracy(), m.epochSeconds(), m.imagesPerSecond()));
    }

    /** Records the result of a RUNNING trial; its curve replaces the epochs stored so far. */
    public void finish(long trial, TrialResult r) {
        db.transaction(c -> {
            move(c, trial, r.state());
            Sql.update(c, "DELETE FROM epochs WHERE trial_id = ?", trial);
            for (EpochMetrics m : r.curve()) {
                Sql.update(c, "INSERT INTO epochs (trial_id, epoch, train_loss, validation_loss, validation_accuracy, "
                        + "epoch_seconds, images_per_second) VALUES (?, ?, ?, ?, ?, ?, ?)", trial, m.epoch(), m.trainLoss(),
                        m.validationLoss(), m.validationAccuracy(), m.epochSeconds(), m.imagesPerSecond());
            }
            return Sql.update(c, "UPDATE trials SET stop_reason = ?, error = ?, reward = ?, best_epoch = ?, epochs_run = ?, "
                    + "params = ?, flops = ?, training_seconds = ?, inference_ms = ?, batch_size = ?, finished_at = ? WHERE id = ?",
                    r.stopReason().id, r.error(), r.bestValidationAccuracy(), r.bestEpoch(), r.epochsRun(), r.params(),
                    r.flops(), r.trainingSeconds(), r.inferenceMsPerImage(), r.batchSize(), Instant.now(), trial);
        });
    }

    /** Puts a RUNNING trial back to PENDING: after a crash, or when the daemon stops mid-trial. */
    public void interrupted(long trial) {
        db.transaction(c -> move(c, trial, TrialState.PENDING));
    }

    /** After a restart: every RUNNING trial of the experiment goes back to PENDING; returns all PENDING trials, oldest first. */
    public List<TrialRecord> restart(long experiment) {
        return db.transaction(c -> {
            Sql.update(c, "UPDATE trials SET state = 'PENDING' WHERE experiment_id = ? AND state = 'RUNNING'", experiment);
            return Sql.list(c, "SELECT * FROM trials WHERE experiment_id = ? AND state = 'PENDING' ORDER BY id",
                    NasStore::trial, experiment);
        });
    }

    /** The finished trial of this experiment with {@code key}, if there is one. */
    public Optional<TrialRecord> finished(long experiment, String key) {
        return db.transaction(c -> Sql.one(c, "SELECT * FROM trials WHERE experiment_id = ? AND arch_key = ? AND state IN "
                + "('COMPLETED', 'PRUNED', 'FAILED')", NasStore::trial, experiment, key));
    }

    public Optional<TrialRecord> trial(long id) {
        return db.transaction(c -> trial(c, id));
    }

    /**
     * A page of trials. @throws IllegalArgumentException naming a bad parameter (page, size, sort, state)
     */
    public TrialPage trials(long experiment, int page, int size, String sort, boolean descending, TrialState state) {
        if (page < 0) {
            throw new IllegalArgumentException("page must be 0 or more, not " + page);
        }
        if (size < 1 || size > 1000) {
            throw new IllegalArgumentException("size must be from 1 to 1000, not " + size);
        }
        if (!SORTS.contains(sort)) {
            throw new IllegalArgumentException("sort must be one of " + SORTS.stream().sorted().toList() + ", not " + sort);
        }
        String column = switch (sort) {
            case "created" -> "created_at";
            default -> sort;
        };
        String where = "experiment_id = ?" + (state == null ? "" : " AND state = ?");
        Object[] args = state == null ? new Object[] {experiment} : new Object[] {experiment, state.name()};
        return db.transaction(c -> {
            long total = Sql.one(c, "SELECT COUNT(*) FROM trials WHERE " + where, rs -> rs.getLong(1), args).orElse(0L);
            var rows = Sql.list(c, "SELECT * FROM trials WHERE " + where + " ORDER BY " + column + (descending ? " DESC" : "")
                    + " NULLS LAST, id LIMIT " + size + " OFFSET " + (long) page * size, NasStore::trial, args);
            return new TrialPage(rows, total, page, size);
        });
    }

    /** Records the final training of an exported trial: its best validation accuracy and its test accuracy. */
    public void finalTraining(long trial, double validationAccuracy, double testAccuracy, int epochs) {
        db.transaction(c -> Sql.update(c, "UPDATE trials SET final_validation_accuracy = ?, test_accuracy = ?, final_epochs = ?, "
                + "final_trained_at = ? WHERE id = ?", validationAccuracy, testAccuracy, epochs, Instant.now(), trial));
    }

    public List<EpochMetrics> curve(long trial) {
        return db.transaction(c -> Sql.list(c, "SELECT * FROM epochs WHERE trial_id = ? ORDER BY epoch", NasStore::epoch, trial));
    }

    // ---- strategy

    public void policyStep(long experiment, PolicyStep s) {
        db.transaction(c -> Sql.update(c, "MERGE INTO policy_steps (experiment_id, step, mean_reward, baseline, mean_advantage, "
                + "entropy, loss, created_at) KEY (experiment_id, step) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", experiment, s.step(),
                s.meanReward(), s.baseline(), s.meanAdvantage(), s.entropy(), s.loss(), Instant.now()));
    }

    public List<PolicyStep> policySteps(long experiment) {
        return db.transaction(c -> Sql.list(c, "SELECT * FROM policy_steps WHERE experiment_id = ? ORDER BY step",
                rs -> new PolicyStep(rs.getLong("step"), Sql.real(rs, "mean_reward"), Sql.real(rs, "baseline"),
                        Sql.real(rs, "mean_advantage"), Sql.real(rs, "entropy"), Sql.real(rs, "loss")), experiment));
    }

    public void saveCheckpoint(long experiment, long tells, byte[] state) {
        db.transaction(c -> Sql.update(c, "MERGE INTO strategy_checkpoints (experiment_id, tells, state, created_at) "
                + "KEY (experiment_id) VALUES (?, ?, ?, ?)", experiment, tells, state, Instant.now()));
    }

    public Optional<byte[]> checkpoint(long experiment) {
        return db.transaction(c -> Sql.one(c, "SELECT state FROM strategy_checkpoints WHERE experiment_id = ?",
                rs -> rs.getBytes(1), experiment));
    }

    // ---- events

    public void event(long experiment, Long trial, String level, String message) {
        db.transaction(c -> Sql.insert(c, "INSERT INTO events (experiment_id, trial_id, level, message, created_at) VALUES (?, ?, ?, ?, ?)",
                experiment, trial, level, message, Instant.now()));
    }

    public List<EventRecord> events(long experiment, int limit) {
        return db.transaction(c -> Sql.list(c, "SELECT * FROM events WHERE experiment_id = ? ORDER BY id DESC LIMIT " + limit,
                rs -> new EventRecord(rs.getLong("id"), (Long) rs.getObject("trial_id"), rs.getString("level"),
                        rs.getString("message"), Sql.time(rs, "created_at")), experiment));
    }

    @Override
    public void close() {
        db.close();
    }

    // ---- rows

    private static Optional<ExperimentRecord> experiment(Connection c, String name) throws SQLException {
        return Sql.one(c, "SELECT * FROM experiments WHERE name = ?", NasStore::experiment, name);
    }

    private static Optional<TrialRecord> trial(Connection c, long id) throws SQLException {
        return Sql.one(c, "SELECT * FROM trials WHERE id = ?", NasStore::trial, id);
    }

    private static int move(Connection c, long trial, TrialState target) throws SQLException {
        TrialState from = Sql.one(c, "SELECT state FROM trials WHERE id = ? FOR UPDATE", rs -> TrialState.valueOf(rs.getString(1)), trial)
                .orElseThrow(() -> new IllegalStateException("there is no trial " + trial));
        from.to(target);
        return Sql.update(c, "UPDATE trials SET state = ? WHERE id = ?", target.name(), trial);
    }

    private static ExperimentRecord experiment(ResultSet rs) throws SQLException {
        return new ExperimentRecord(rs.getLong("id"), rs.getString("name"), rs.getString("config_text"),
                rs.getString("config_json"), rs.getString("source"), rs.getString("strategy"), rs.getInt("budget_trials"),
                rs.getLong("seed"), rs.getString("status"), rs.getDouble("elapsed_seconds"), Sql.time(rs, "created_at"),
                Sql.time(rs, "updated_at"));
    }

    private static TrialRecord trial(ResultSet rs) throws SQLException {
        return new TrialRecord(rs.getLong("id"), rs.getLong("experiment_id"), rs.getInt("number"), rs.getString("arch_key"),
                Architecture.fromJson(Json.read(rs.getString("architecture"), "stored architecture"), "stored architecture"),
                TrialState.valueOf(rs.getString("state")), rs.getLong("seed"), rs.getString("worker"), rs.getString("device"),
                rs.getString("stop_reason"), rs.getString("error"), Sql.real(rs, "reward"), rs.getInt("best_epoch"),
                rs.getInt("epochs_run"), rs.getLong("params"), rs.getLong("flops"), Sql.real(rs, "training_seconds"),
                Sql.real(rs, "inference_ms"), rs.getInt("batch_size"), rs.getString("checkpoint_dir"),
                Sql.time(rs, "created_at"), Sql.time(rs, "started_at"), Sql.time(rs, "finished_at"),
                Sql.real(rs, "final_validation_accuracy"), Sql.real(rs, "test_accuracy"));
    }

    private static EpochMetrics epoch(ResultSet rs) throws SQLException {
        return new EpochMetrics(rs.getInt("epoch"), Sql.real(rs, "train_loss"), Sql.real(rs, "validation_loss"),
                Sql.real(rs, "validation_accuracy"), Sql.real(rs, "epoch_seconds"), Sql.real(rs, "images_per_second"));
    }
}
