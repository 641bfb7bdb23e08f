package org.nas4j.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import org.nas4j.core.Architecture;
import org.nas4j.core.EpochMetrics;
import org.nas4j.core.ExperimentStatus;
import org.nas4j.core.Json;
import org.nas4j.core.PolicyStep;
import org.nas4j.core.Provenance;
import org.nas4j.core.TrialState;
import org.nas4j.core.read.FinalTraining;
import org.nas4j.core.read.TrialRow;

/** Maps the store's rows to its records. */
final class Rows {
    private Rows() {}

    static ExperimentRecord experiment(ResultSet rs) throws SQLException {
        return new ExperimentRecord(rs.getLong("id"), rs.getString("name"), rs.getString("config_text"),
                rs.getString("config_json"), rs.getString("source"), rs.getString("strategy"), rs.getInt("budget_trials"),
                rs.getLong("seed"), ExperimentStatus.of(rs.getString("status")), rs.getDouble("elapsed_seconds"), Sql.time(rs, "created_at"),
                Sql.time(rs, "updated_at"), Sql.time(rs, "started_at"), Sql.time(rs, "finished_at"));
    }

    static TrialRecord trial(ResultSet rs) throws SQLException {
        return new TrialRecord(rs.getLong("id"), rs.getLong("experiment_id"), rs.getInt("number"), rs.getString("arch_key"),
                Architecture.fromJson(Json.read(rs.getString("architecture"), "stored architecture"), "stored architecture"),
                TrialState.valueOf(rs.getString("state")), rs.getLong("seed"), provenance(rs), rs.getString("config_hash"),
                rs.getString("stop_reason"), rs.getString("error"), Sql.real(rs, "reward"), rs.getInt("best_epoch"),
                rs.getInt("epochs_run"), rs.getLong("params"), rs.getLong("flops"), Sql.real(rs, "training_seconds"),
                Sql.real(rs, "inference_ms"), rs.getInt("batch_size"), rs.getString("checkpoint_dir"),
                Sql.time(rs, "created_at"), Sql.time(rs, "started_at"), Sql.time(rs, "finished_at"),
                Sql.real(rs, "final_validation_accuracy"), Sql.real(rs, "test_accuracy"));
    }

    /** The columns of {@link #row}: a trial's row without its architecture JSON. */
    static final String ROW = "SELECT id, number, arch_key, state, stop_reason, reward, params, flops, epochs_run, "
            + "training_seconds, created_at, finished_at FROM trials ";

    static TrialRow row(ResultSet rs) throws SQLException {
        return new TrialRow(rs.getLong("id"), rs.getInt("number"), rs.getString("arch_key"), TrialState.valueOf(rs.getString("state")),
                rs.getString("stop_reason"), Sql.real(rs, "reward"), rs.getLong("params"), rs.getLong("flops"),
                rs.getInt("epochs_run"), Sql.real(rs, "training_seconds"), Sql.time(rs, "created_at"), Sql.time(rs, "finished_at"));
    }

    /** The columns of {@link #finalTraining}. */
    static final String FINAL_TRAINING = "SELECT id, number, arch_key, reward, final_validation_accuracy, test_accuracy, "
            + "final_epochs, final_trained_at, params, final_seconds FROM trials ";

    static FinalTraining finalTraining(ResultSet rs) throws SQLException {
        return new FinalTraining(rs.getLong("id"), rs.getInt("number"), rs.getString("arch_key"), Sql.real(rs, "reward"),
                Sql.real(rs, "final_validation_accuracy"), Sql.real(rs, "test_accuracy"), rs.getInt("final_epochs"),
                Sql.time(rs, "final_trained_at"), rs.getLong("params"), Sql.real(rs, "final_seconds"));
    }

    /** Where a trial ran, or null before its evaluator said so (or for a trial of schema 6 or earlier). */
    private static Provenance provenance(ResultSet rs) throws SQLException {
        return rs.getString("host") == null ? null : new Provenance(rs.getString("worker"), rs.getString("host"),
                rs.getString("device"), rs.getInt("threads"), rs.getString("nas4j_version"), rs.getString("dl4j_version"));
    }

    static EpochMetrics epoch(ResultSet rs) throws SQLException {
        return new EpochMetrics(rs.getInt("epoch"), Sql.real(rs, "train_loss"), Sql.real(rs, "validation_loss"),
                Sql.real(rs, "validation_accuracy"), Sql.real(rs, "epoch_seconds"), Sql.real(rs, "images_per_second"));
    }

    static PolicyStep policyStep(ResultSet rs) throws SQLException {
        return new PolicyStep(rs.getLong("step"), Sql.real(rs, "mean_reward"), Sql.real(rs, "baseline"),
                Sql.real(rs, "mean_advantage"), Sql.real(rs, "entropy"), Sql.real(rs, "loss"));
    }

    static EventRecord event(ResultSet rs) throws SQLException {
        return new EventRecord(rs.getLong("id"), (Long) rs.getObject("trial_id"), rs.getString("level"),
                rs.getString("message"), Sql.time(rs, "created_at"));
    }
}
