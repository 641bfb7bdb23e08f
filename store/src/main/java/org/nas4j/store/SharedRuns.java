package org.nas4j.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a shared-weight (ENAS) search stores beside its trials: a row per supernet epoch, every child the controller
 * scored, the derived candidates, and the supernet's checkpoint. An epoch's row, its samples, the supernet and the
 * controller's state are written in one transaction, so a kill leaves the store at the end of an epoch. Thread-safe.
 */
public final class SharedRuns {
    /**
     * One supernet epoch: the weights phase's mean training loss of the sampled children, the controller phase's mean
     * reward (their shared-weight validation accuracy), the last learning rate, the training steps so far.
     */
    public record Epoch(int epoch, double trainLoss, double meanReward, double learningRate,
                        long steps, double seconds) {}

    /** A child the controller sampled and the reward (shared-weight validation accuracy) it was told. */
    public record Sample(long n, int epoch, String key, double reward) {}

    /** A derived candidate, best first; {@code standaloneAccuracy} is NaN until its stand-alone trial finished. */
    public record Candidate(int rank, String key, String architectureJson, double sharedAccuracy,
                            double standaloneAccuracy, String state, Long trialId) {}

    /** The supernet's state as of the end of {@code epoch}. */
    public record Checkpoint(int epoch, byte[] weights) {}

    private final Database db;
    private final java.time.Clock clock;

    SharedRuns(Database db, java.time.Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Stores the end of an epoch: its row, its samples, the supernet's and (with its policy steps) the controller's state. */
    public void epoch(long experiment, Epoch e, List<Sample> samples, byte[] weights, StrategyCheckpoint controller) {
        db.transaction(c -> {
            Sql.update(c, "MERGE INTO supernet_epochs (experiment_id, epoch, train_loss, mean_reward, "
                    + "learning_rate, steps, seconds, created_at) KEY (experiment_id, epoch) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    experiment, e.epoch(), e.trainLoss(), e.meanReward(), e.learningRate(), e.steps(),
                    e.seconds(), clock.instant());
            Sql.batch(c, "MERGE INTO controller_samples (experiment_id, n, epoch, arch_key, reward) KEY (experiment_id, n) "
                    + "VALUES (?, ?, ?, ?, ?)", samples.stream().map(s -> new Object[] {experiment, s.n(), s.epoch(), s.key(),
                    s.reward()}).toList());
            Sql.update(c, "MERGE INTO supernet_checkpoints (experiment_id, epoch, weights, created_at) KEY (experiment_id) "
                    + "VALUES (?, ?, ?, ?)", experiment, e.epoch(), weights, clock.instant());
            return NasStore.saveStrategy(c, experiment, controller, clock.instant());
        });
    }

    public Optional<Checkpoint> checkpoint(long experiment) {
        return db.read(c -> Sql.one(c, "SELECT epoch, weights FROM supernet_checkpoints WHERE experiment_id = ?",
                rs -> new Checkpoint(rs.getInt(1), rs.getBytes(2)), experiment));
    }

    public List<Epoch> epochs(long experiment) {
        return db.read(c -> Sql.list(c, "SELECT * FROM supernet_epochs WHERE experiment_id = ? ORDER BY epoch",
                rs -> new Epoch(rs.getInt("epoch"), Sql.real(rs, "train_loss"),
                        Sql.real(rs, "mean_reward"), Sql.real(rs, "learning_rate"), rs.getLong("steps"),
                        rs.getDouble("seconds")), experiment));
    }

    /** The samples after number {@code after}, at most {@code limit}, in order. */
    public List<Sample> samples(long experiment, long after, int limit) {
        return db.read(c -> Sql.list(c, "SELECT * FROM controller_samples WHERE experiment_id = ? AND n > ? ORDER BY n LIMIT "
                + limit, rs -> new Sample(rs.getLong("n"), rs.getInt("epoch"), rs.getString("arch_key"), rs.getDouble("reward")),
                experiment, after));
    }

    /** The number of the newest sample (0 for none). */
    public long lastSample(long experiment) {
        return db.read(c -> Sql.one(c, "SELECT COALESCE(MAX(n), 0) FROM controller_samples WHERE experiment_id = ?",
                rs -> rs.getLong(1), experiment)).orElse(0L);
    }

    /** Stores the derived candidates (replacing any stored before), best first. */
    public void derived(long experiment, List<Candidate> candidates) {
        db.transaction(c -> {
            Sql.update(c, "DELETE FROM derived_candidates WHERE experiment_id = ?", experiment);
            Sql.batch(c, "INSERT INTO derived_candidates (experiment_id, rank, arch_key, architecture, shared_accuracy) "
                    + "VALUES (?, ?, ?, ?, ?)", candidates.stream().map(d -> new Object[] {experiment, d.rank(), d.key(),
                    d.architectureJson(), d.sharedAccuracy()}).toList());
            return NasStore.changed(c, experiment, clock.instant());
        });
    }

    /** The derived candidates, best shared-weight score first, with their stand-alone trial's accuracy and state. */
    public List<Candidate> derived(long experiment) {
        return db.read(c -> candidates(c, experiment));
    }

    private static List<Candidate> candidates(Connection c, long experiment) throws SQLException {
        return Sql.list(c, "SELECT d.*, t.reward, t.state, t.id AS trial_id FROM derived_candidates d LEFT JOIN trials t ON t.experiment_id = "
                + "d.experiment_id AND t.arch_key = d.arch_key WHERE d.experiment_id = ? ORDER BY d.rank",
                rs -> new Candidate(rs.getInt("rank"), rs.getString("arch_key"), rs.getString("architecture"),
                        rs.getDouble("shared_accuracy"), Sql.real(rs, "reward"), rs.getString("state"),
                        rs.getObject("trial_id") == null ? null : rs.getLong("trial_id")), experiment);
    }
}
