package org.nas4j.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.nas4j.core.Architecture;
import org.nas4j.core.EpochMetrics;
import org.nas4j.core.ExperimentStatus;
import org.nas4j.core.Json;
import org.nas4j.core.PolicyStep;
import org.nas4j.core.Provenance;
import org.nas4j.core.TrialResult;
import org.nas4j.core.TrialState;
import org.nas4j.core.UserError;
import org.nas4j.core.read.TrialQuery;

/**
 * The daemon's writer of experiments and their trials, and its own reads. Every write is one transaction;
 * trial state changes follow {@link TrialState#to}, so a finished trial can never change again (its result,
 * curve and checkpoint are refused with an {@link IllegalStateException}). Reads run on the read-only pool
 * and never block writes; the dashboard reads through {@link #queries()}. Opened once per process;
 * thread-safe. (Longer than nas4j's other classes, on purpose: it is the one place that writes trials, so every
 * state transition and every "result with the strategy's state in one transaction" rule is checked here; the
 * read side is {@link StoreQueries}, the shared-weight search's tables {@link SharedRuns}.)
 */
public final class NasStore implements AutoCloseable {

    private final Database db;
    private final StoreQueries queries;
    private final Clock clock;

    public NasStore(Database db) {
        this(db, Clock.systemUTC());
    }

    /** With the clock every time stamp it writes comes from. */
    public NasStore(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
        this.queries = new H2StoreQueries(db, clock);
    }

    public static NasStore open(String url) {
        return new NasStore(Database.open(url));
    }

    public String url() {
        return db.url();
    }

    /** The database's file (without {@code .mv.db}), or empty for a server or in-memory database. */
    public Optional<Path> file() {
        return db.file();
    }

    /**
     * Takes an online backup now into {@code backups/} beside the database, keeping the newest {@code keep}; returns
     * its file, or empty for a database that is not a file here (mem:, tcp:).
     */
    public Optional<java.nio.file.Path> backup(int keep) {
        return Backups.of(db.url()).map(b -> b.take(db, keep));
    }

    /** What a shared-weight search stores beside its trials. */
    public SharedRuns shared() {
        return queries.shared();
    }

    /** The read side, for the dashboard and the commands that only look. */
    public StoreQueries queries() {
        return queries;
    }

    // ---- experiments

    public ExperimentRecord createExperiment(String name, String configText, String configJson, String source,
                                             String strategy, int budget, long seed) {
        return db.transaction(c -> {
            if (experiment(c, name).isPresent()) {
                throw new UserError("experiment '" + name + "' exists already: resume it with `nas resume " + name + "`, or choose another --name");
            }
            Instant now = clock.instant();
            Sql.insert(c, "INSERT INTO experiments (name, config_text, config_json, source, strategy, budget_trials, seed, "
                    + "status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'created', ?, ?)",
                    name, configText, configJson, source, strategy, budget, seed, now, now);
            return experiment(c, name).orElseThrow();
        });
    }

    /**
     * Replaces the config of an experiment that never ran (status {@code created}, no trial) with a corrected one;
     * returns the experiment as stored now, or empty when it has run (and so keeps its config).
     */
    public Optional<ExperimentRecord> replaceUnstarted(long experiment, String configText, String configJson, String source,
                                                       String strategy, int budget, long seed) {
        return db.transaction(c -> {
            int changed = Sql.update(c, "UPDATE experiments SET config_text = ?, config_json = ?, source = ?, strategy = ?, "
                    + "budget_trials = ?, seed = ?, " + STAMP + " WHERE id = ? AND status = 'created' "
                    + "AND NOT EXISTS (SELECT 1 FROM trials WHERE experiment_id = ?)",
                    configText, configJson, source, strategy, budget, seed, clock.instant(), experiment, experiment);
            return changed == 0 ? Optional.empty()
                    : Optional.of(Sql.one(c, "SELECT * FROM experiments WHERE id = ?", Rows::experiment, experiment).orElseThrow());
        });
    }

    public Optional<ExperimentRecord> experiment(String name) {
        return db.read(c -> experiment(c, name));
    }

    /** The experiment named {@code name}, or a UserError listing the names there are. */
    public ExperimentRecord require(String name) {
        return experiment(name).orElseThrow(() -> new UserError("there is no experiment '" + name + "' in " + db.url()
                + "; experiments: " + experiments().stream().map(ExperimentRecord::name).toList()));
    }

    public List<ExperimentRecord> experiments() {
        return db.read(c -> Sql.list(c, "SELECT * FROM experiments ORDER BY id", Rows::experiment));
    }

    /**
     * Moves an experiment to {@code status} as {@link ExperimentStatus#to} allows; the first {@code running} sets its
     * start time, an ended status its finish time (cleared when it runs again).
     * @throws IllegalStateException for a transition that is not allowed, or an experiment that is not there
     */
    public void status(long experiment, ExperimentStatus status) {
        Instant now = clock.instant();
        db.transaction(c -> {
            ExperimentStatus current = Sql.one(c, "SELECT status FROM experiments WHERE id = ?", rs -> ExperimentStatus.of(rs.getString(1)),
                    experiment).orElseThrow(() -> new IllegalStateException("there is no experiment " + experiment));
            current.to(status);
            boolean running = status == ExperimentStatus.RUNNING;
            return Sql.update(c, "UPDATE experiments SET status = ?, " + STAMP + ", "
                    + "started_at = CASE WHEN started_at IS NULL AND ? THEN ? ELSE started_at END, "
                    + "finished_at = CASE WHEN ? THEN ? WHEN ? THEN NULL ELSE finished_at END WHERE id = ?",
                    status.id(), now, running, now, status.ended(), now, running, experiment);
        });
    }

    public void addElapsed(long experiment, double seconds) {
        db.transaction(c -> Sql.update(c, "UPDATE experiments SET elapsed_seconds = elapsed_seconds + ?, " + STAMP + " WHERE id = ?",
                seconds, clock.instant(), experiment));
    }

    /** The experiment's counts per state, best trial and policy step, read now. */
    public ExperimentSummary summary(ExperimentRecord e) {
        return db.read(c -> H2StoreQueries.summary(c, e));
    }

    // ---- trials

    /** Adds a PENDING trial numbered after the last one. @throws IllegalStateException for a key already there */
    public TrialRecord addTrial(long experiment, Architecture architecture, long seed) {
        return addTrial(experiment, architecture, seed, null);
    }

    /** Adds a PENDING trial and, in the same transaction, the strategy's state after proposing it (or none: null). */
    public TrialRecord addTrial(long experiment, Architecture architecture, long seed, StrategyCheckpoint strategy) {
        return db.transaction(c -> {
            if (Sql.one(c, "SELECT id FROM trials WHERE experiment_id = ? AND arch_key = ?", rs -> rs.getLong(1),
                    experiment, architecture.key()).isPresent()) {
                throw new IllegalStateException("architecture " + architecture.key() + " is already a trial of this experiment");
            }
            if (Sql.update(c, "UPDATE experiments SET last_trial_number = last_trial_number + 1, " + STAMP + " WHERE id = ?",
                    clock.instant(), experiment) != 1) {
                throw new IllegalStateException("there is no experiment " + experiment);
            }
            int number = Sql.one(c, "SELECT last_trial_number FROM experiments WHERE id = ?", rs -> rs.getInt(1), experiment)
                    .orElseThrow();
            String config = Sql.one(c, "SELECT config_json FROM experiments WHERE id = ?", rs -> rs.getString(1), experiment)
                    .orElseThrow();
            long id = Sql.insert(c, "INSERT INTO trials (experiment_id, number, arch_key, architecture, state, seed, config_hash, "
                    + "created_at) VALUES (?, ?, ?, ?, 'PENDING', ?, ?, ?)", experiment, number, architecture.key(),
                    Json.write(architecture.toJson()), seed, hash(config), clock.instant());
            saveStrategy(c, experiment, strategy, clock.instant());
            return trial(c, id).orElseThrow();
        });
    }

    /** Marks a PENDING trial RUNNING, with the folder of its training checkpoint (or null). */
    public void running(long trial, String checkpointDir) {
        db.transaction(c -> {
            move(c, trial, TrialState.RUNNING);
            changedByTrial(c, trial, clock.instant());
            return Sql.update(c, "UPDATE trials SET checkpoint_dir = ?, started_at = ? WHERE id = ?",
                    checkpointDir, clock.instant(), trial);
        });
    }

    /**
     * Records where a RUNNING trial runs, as its evaluator reports it (again after a restart: the last place wins); a
     * trial no longer running (a stop interrupted it first) is left as it is.
     */
    public void ranOn(long trial, Provenance where) {
        db.transaction(c -> {
            int changed = Sql.update(c, "UPDATE trials SET worker = ?, host = ?, device = ?, threads = ?, nas4j_version = ?, "
                    + "dl4j_version = ? WHERE id = ? AND state = 'RUNNING'", where.worker(), where.host(), where.device(),
                    where.threads(), where.nas4jVersion(), where.dl4jVersion(), trial);
            return changed == 0 ? 0 : changedByTrial(c, trial, clock.instant()); // the trial page shows it
        });
    }

    /** The first 16 hex digits of the SHA-256 of an experiment's config (as its JSON), naming the config a trial ran under. */
    static String hash(String config) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(config.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    /** Records (or records again) one epoch of a RUNNING trial. */
    public void epoch(long trial, EpochMetrics m) {
        db.transaction(c -> require(c, trial, TrialState.RUNNING) + changedByTrial(c, trial, clock.instant()) + Sql.update(c, "MERGE INTO epochs (trial_id, epoch, train_loss, validation_loss, validation_accuracy, "
                + "epoch_seconds, images_per_second) KEY (trial_id, epoch) VALUES (?, ?, ?, ?, ?, ?, ?)", trial, m.epoch(),
                m.trainLoss(), m.validationLoss(), m.validationAccuracy(), m.epochSeconds(), m.imagesPerSecond()));
    }

    /** Records the result of a RUNNING trial; its curve replaces the epochs stored so far. */
    public void finish(long trial, TrialResult r) {
        finish(trial, r, null);
    }

    /**
     * Records the result of a RUNNING trial and, in the same transaction, the strategy's state after it was told
     * the result (or none: null): a kill can leave neither or both, never a result the restored strategy has not seen.
     */
    public void finish(long trial, TrialResult r, StrategyCheckpoint strategy) {
        db.transaction(c -> {
            move(c, trial, r.state());
            if (strategy != null) {
                saveStrategy(c, Sql.one(c, "SELECT experiment_id FROM trials WHERE id = ?", rs -> rs.getLong(1), trial).orElseThrow(),
                        strategy, clock.instant());
            }
            changedByTrial(c, trial, clock.instant());
            Sql.update(c, "DELETE FROM epochs WHERE trial_id = ?", trial);
            Sql.batch(c, "INSERT INTO epochs (trial_id, epoch, train_loss, validation_loss, validation_accuracy, "
                    + "epoch_seconds, images_per_second) VALUES (?, ?, ?, ?, ?, ?, ?)", r.curve().stream().map(m -> new Object[] {
                            trial, m.epoch(), m.trainLoss(), m.validationLoss(), m.validationAccuracy(), m.epochSeconds(),
                            m.imagesPerSecond()}).toList());
            return Sql.update(c, "UPDATE trials SET stop_reason = ?, error = ?, reward = ?, best_epoch = ?, epochs_run = ?, "
                    + "params = ?, flops = ?, training_seconds = ?, inference_ms = ?, batch_size = ?, finished_at = ? WHERE id = ?",
                    r.stopReason().id, r.error(), r.bestValidationAccuracy(), r.bestEpoch(), r.epochsRun(), r.params(),
                    r.flops(), r.trainingSeconds(), r.inferenceMsPerImage(), r.batchSize(), clock.instant(), trial);
        });
    }

    /** Puts a RUNNING trial back to PENDING: after a crash, or when the daemon stops mid-trial. */
    public void interrupted(long trial) {
        db.transaction(c -> move(c, trial, TrialState.PENDING) + changedByTrial(c, trial, clock.instant()));
    }

    /**
     * After a restart: every RUNNING trial of the experiment goes back to PENDING (keeping its start time and
     * checkpoint folder, so the caller can tell which ones ran); returns all PENDING trials, oldest first.
     */
    public List<TrialRecord> restart(long experiment) {
        return db.transaction(c -> {
            Sql.update(c, "UPDATE trials SET state = 'PENDING' WHERE experiment_id = ? AND state = 'RUNNING'", experiment);
            changed(c, experiment, clock.instant());
            return Sql.list(c, "SELECT * FROM trials WHERE experiment_id = ? AND state = 'PENDING' ORDER BY id",
                    Rows::trial, experiment);
        });
    }

    /** The finished trial of this experiment with {@code key}, if there is one. */
    public Optional<TrialRecord> finished(long experiment, String key) {
        return db.read(c -> Sql.one(c, "SELECT * FROM trials WHERE experiment_id = ? AND arch_key = ? AND state IN "
                + "('COMPLETED', 'PRUNED', 'FAILED')", Rows::trial, experiment, key));
    }

    /** The trial of this experiment with {@code key}, in any state, if there is one. */
    public Optional<TrialRecord> trial(long experiment, String key) {
        return db.read(c -> Sql.one(c, "SELECT * FROM trials WHERE experiment_id = ? AND arch_key = ?", Rows::trial, experiment, key));
    }

    public Optional<TrialRecord> trial(long id) {
        return db.read(c -> trial(c, id));
    }

    /** One page of an experiment's trials as whole records, in the query's order. */
    public List<TrialRecord> trials(long experiment, TrialQuery query) {
        return db.read(c -> H2StoreQueries.page(c, experiment, query, "SELECT * FROM trials ", Rows::trial, TrialRecord::id));
    }

    /** Every trial of an experiment, in any state, by id. */
    public List<TrialRecord> trials(long experiment) {
        return db.read(c -> Sql.list(c, "SELECT * FROM trials WHERE experiment_id = ? ORDER BY id", Rows::trial, experiment));
    }

    /** Records the final training of an exported trial: its best validation accuracy and its test accuracy. */
    public void finalTraining(long trial, double validationAccuracy, double testAccuracy, int epochs, double seconds) {
        db.transaction(c -> changedByTrial(c, trial, clock.instant()) + Sql.update(c, "UPDATE trials SET final_validation_accuracy = ?, test_accuracy = ?, final_epochs = ?, "
                + "final_seconds = ?, final_trained_at = ? WHERE id = ?", validationAccuracy, testAccuracy, epochs, seconds,
                clock.instant(), trial));
    }

    /** The learning curves of the experiment's completed and pruned trials, in the order they finished: what a pruner knows. */
    public List<List<EpochMetrics>> finishedCurves(long experiment) {
        return db.read(c -> {
            List<List<EpochMetrics>> curves = new java.util.ArrayList<>();
            long last = -1;
            for (var row : Sql.list(c, "SELECT e.* FROM epochs e JOIN trials t ON t.id = e.trial_id WHERE t.experiment_id = ? "
                    + "AND t.state IN " + Sql.in(TrialState.RANKED) + " ORDER BY t.finished_at, t.id, e.epoch",
                    rs -> java.util.Map.entry(rs.getLong("trial_id"), Rows.epoch(rs)), experiment)) {
                if (row.getKey() != last) {
                    curves.add(new java.util.ArrayList<>());
                    last = row.getKey();
                }
                curves.get(curves.size() - 1).add(row.getValue());
            }
            return curves;
        });
    }

    public List<EpochMetrics> curve(long trial) {
        return db.read(c -> Sql.list(c, "SELECT * FROM epochs WHERE trial_id = ? ORDER BY epoch", Rows::epoch, trial));
    }

    // ---- strategy

    public void policyStep(long experiment, PolicyStep s) {
        db.transaction(c -> changed(c, experiment, clock.instant()) + policyStep(c, experiment, s, clock.instant()));
    }

    private static int policyStep(Connection c, long experiment, PolicyStep s, Instant now) throws SQLException {
        return Sql.update(c, "MERGE INTO policy_steps (experiment_id, step, mean_reward, baseline, mean_advantage, "
                + "entropy, loss, created_at) KEY (experiment_id, step) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", experiment, s.step(),
                s.meanReward(), s.baseline(), s.meanAdvantage(), s.entropy(), s.loss(), now);
    }

    /** Saves the strategy's state after {@code tells} results; it replaces the one saved before. */
    public void saveCheckpoint(long experiment, long tells, byte[] state) {
        db.transaction(c -> saveStrategy(c, experiment, new StrategyCheckpoint(tells, state, List.of()), clock.instant()));
    }

    /** The strategy state saved last (its policy steps not included), if any. */
    public Optional<StrategyCheckpoint> checkpoint(long experiment) {
        return db.read(c -> Sql.one(c, "SELECT tells, state FROM strategy_checkpoints WHERE experiment_id = ?",
                rs -> new StrategyCheckpoint(rs.getLong(1), rs.getBytes(2), List.of()), experiment));
    }

    static int saveStrategy(Connection c, long experiment, StrategyCheckpoint s, Instant now) throws SQLException {
        if (s == null) {
            return 0;
        }
        for (PolicyStep step : s.steps()) {
            policyStep(c, experiment, step, now);
        }
        return changed(c, experiment, now) + Sql.update(c, "MERGE INTO strategy_checkpoints (experiment_id, tells, state, created_at) "
                + "KEY (experiment_id) VALUES (?, ?, ?, ?)", experiment, s.tells(), s.state(), now);
    }

    // ---- events

    public void event(long experiment, Long trial, String level, String message) {
        db.transaction(c -> changed(c, experiment, clock.instant())
                + Sql.insert(c, "INSERT INTO events (experiment_id, trial_id, level, message, created_at) VALUES (?, ?, ?, ?, ?)",
                experiment, trial, level, message, clock.instant()));
    }

    @Override
    public void close() {
        db.close();
    }

    // ---- rows

    /**
     * Sets {@code updated_at} to now, and always later than before: every write the dashboard shows moves it, so it
     * is the experiment's change stamp ({@link StoreQueries#changeCount}).
     */
    private static final String STAMP = "updated_at = GREATEST(CAST(? AS TIMESTAMP WITH TIME ZONE), DATEADD(MICROSECOND, 1, updated_at))";

    /** Moves the change stamp of {@code experiment}; returns the rows updated. */
    static int changed(Connection c, long experiment, Instant now) throws SQLException {
        return Sql.update(c, "UPDATE experiments SET " + STAMP + " WHERE id = ?", now, experiment);
    }

    /** Moves the change stamp of the experiment of {@code trial}; returns the rows updated. */
    private static int changedByTrial(Connection c, long trial, Instant now) throws SQLException {
        return Sql.update(c, "UPDATE experiments SET " + STAMP + " WHERE id = (SELECT experiment_id FROM trials WHERE id = ?)",
                now, trial);
    }

    private static Optional<ExperimentRecord> experiment(Connection c, String name) throws SQLException {
        return H2StoreQueries.find(c, name);
    }

    private static Optional<TrialRecord> trial(Connection c, long id) throws SQLException {
        return Sql.one(c, "SELECT * FROM trials WHERE id = ?", Rows::trial, id);
    }

    private static TrialState state(Connection c, long trial) throws SQLException {
        return Sql.one(c, "SELECT state FROM trials WHERE id = ? FOR UPDATE", rs -> TrialState.valueOf(rs.getString(1)), trial)
                .orElseThrow(() -> new IllegalStateException("there is no trial " + trial));
    }

    private static int require(Connection c, long trial, TrialState expected) throws SQLException {
        TrialState s = state(c, trial);
        if (s != expected) {
            throw new IllegalStateException("trial " + trial + " is " + s + ", not " + expected);
        }
        return 0;
    }

    private static int move(Connection c, long trial, TrialState target) throws SQLException {
        state(c, trial).to(target);
        return Sql.update(c, "UPDATE trials SET state = ? WHERE id = ?", target.name(), trial);
    }
}
