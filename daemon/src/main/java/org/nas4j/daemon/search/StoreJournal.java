package org.nas4j.daemon.search;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import org.nas4j.core.ExperimentStatus;
import org.nas4j.core.Architecture;
import org.nas4j.core.EpochMetrics;
import org.nas4j.core.Provenance;
import org.nas4j.core.Trial;
import org.nas4j.core.TrialResult;
import org.nas4j.core.TrialState;
import org.nas4j.store.ExperimentRecord;
import org.nas4j.store.NasStore;
import org.nas4j.store.StrategyCheckpoint;
import org.nas4j.store.TrialRecord;

/**
 * The search loop's journal in the H2 store, for one experiment. Trial seeds derive from the experiment's
 * seed and the architecture's key, so any trial can be re-run; training checkpoints live under
 * {@code checkpoints/<trial id>}. Thread-safe (the store is).
 */
public final class StoreJournal implements Journal {
    private final NasStore store;
    private final ExperimentRecord experiment;
    private final Path checkpoints;
    private final Objective objective;
    private final boolean checkpointTrials;

    public StoreJournal(NasStore store, ExperimentRecord experiment, Path checkpoints, Objective objective,
                        boolean checkpointTrials) {
        this.store = store;
        this.experiment = experiment;
        this.checkpoints = checkpoints;
        this.objective = objective;
        this.checkpointTrials = checkpointTrials;
    }

    private Trial trial(TrialRecord r) {
        String dir = checkpointTrials ? checkpoints.resolve(String.valueOf(r.id())).toString() : null;
        return new Trial(r.id(), r.architecture(), r.seed(), dir);
    }

    @Override
    public List<Trial> restart() {
        List<TrialRecord> pending = store.restart(experiment.id());
        for (TrialRecord r : pending) {
            if (r.startedAt() != null) {
                store.event(experiment.id(), r.id(), "info", "trial " + r.number() + " was running when the daemon stopped; it runs again"
                        + (checkpointTrials ? " from its last checkpoint" : ""));
            }
        }
        return pending.stream().map(this::trial).toList();
    }

    @Override
    public OptionalDouble rewardOf(String key) {
        return store.finished(experiment.id(), key)
                .map(t -> OptionalDouble.of(objective.reward(t.state() == TrialState.FAILED, t.reward(), t.params(), t.flops())))
                .orElse(OptionalDouble.empty());
    }

    @Override
    public Trial add(Architecture architecture, StrategyCheckpoint strategy) {
        long seed = experiment.seed() * 0x9E3779B97F4A7C15L ^ architecture.key().hashCode();
        return trial(store.addTrial(experiment.id(), architecture, seed, strategy));
    }

    @Override
    public void running(Trial trial) {
        store.running(trial.id(), trial.checkpointDir());
    }

    @Override
    public void ranOn(Trial trial, Provenance where) {
        store.ranOn(trial.id(), where);
    }

    @Override
    public void epoch(Trial trial, EpochMetrics metrics) {
        store.epoch(trial.id(), metrics);
    }

    @Override
    public void event(Trial trial, String message) {
        store.event(experiment.id(), trial == null ? null : trial.id(), "info", message);
    }

    @Override
    public void finished(Trial trial, TrialResult result, StrategyCheckpoint strategy) {
        store.finish(trial.id(), result, strategy);
        if (result.error() != null) {
            store.event(experiment.id(), trial.id(), "warn", "trial failed (" + result.stopReason().id + "): " + result.error());
        }
        if (trial.checkpointDir() != null) {
            deleteQuietly(Path.of(trial.checkpointDir()));
        }
    }

    @Override
    public void interrupted(Trial trial) {
        store.interrupted(trial.id());
    }

    @Override
    public int finishedCount() {
        return store.summary(experiment).finished();
    }

    @Override
    public double bestReward() {
        return store.summary(experiment).bestReward();
    }

    @Override
    public double elapsedBefore() {
        return store.experiment(experiment.name()).orElseThrow().elapsedSeconds();
    }

    @Override
    public long tells() {
        return store.checkpoint(experiment.id()).map(StrategyCheckpoint::tells).orElse(0L);
    }

    @Override
    public void addElapsed(double seconds) {
        store.addElapsed(experiment.id(), seconds);
    }

    @Override
    public void status(ExperimentStatus status) {
        store.status(experiment.id(), status);
    }

    /** Deletes a trial's checkpoint folder, if it can. */
    public static void deleteQuietly(Path dir) {
        try (var files = java.nio.file.Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            // a checkpoint folder left behind costs disk, not correctness
        }
    }
}
