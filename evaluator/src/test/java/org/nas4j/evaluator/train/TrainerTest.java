package org.nas4j.evaluator.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.core.EpochMetrics;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nas4j.backend.Dl4jRuntime;
import org.nas4j.core.StopReason;
import org.nas4j.core.TrialResult;
import org.nas4j.core.TrialState;
import org.nas4j.core.config.ConfigNode;
import org.nas4j.space.CnnSearchSpace;
import org.nas4j.space.NetworkSpec;
import org.nas4j.space.SpaceConfig;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

class TrainerTest {
    static NetworkSpec spec;
    static SyntheticData data;

    @BeforeAll
    static void setUp() {
        Dl4jRuntime.configure();
        var space = new CnnSearchSpace(SpaceConfig.from(ConfigNode.parse("""
                name: toy
                space:
                  input: {height: 12, width: 12, channels: 1}
                  classes: 4
                  layers: 1
                  widths: 8
                  ops: [conv_3x3, max_pool_3x3]
                """, "toy.yaml", true)));
        spec = space.spec(space.decisions().architecture(0));
        data = new SyntheticData(256, 64);
    }

    static TrainingConfig training(String yaml) {
        return TrainingConfig.from(ConfigNode.parse("training: " + yaml, "t.yaml", true));
    }

    @Test
    void learnsTheToyProblemAndReportsEveryEpoch() {
        var t = training("{learning_rate: 0.02, batch_size: 16, max_epochs: 4, patience: 10, schedule: cosine}");
        var epochs = new AtomicLong();
        TrialResult r = new Trainer(t, data, System::nanoTime).train(spec, 1, m -> epochs.incrementAndGet() > 0);
        assertEquals(StopReason.MAX_EPOCHS, r.stopReason());
        assertEquals(4, r.epochsRun());
        assertEquals(4, epochs.get());
        assertTrue(r.bestValidationAccuracy() > 0.9, "accuracy " + r.bestValidationAccuracy());
        assertTrue(r.params() > 0 && r.flops() > 0 && r.inferenceMsPerImage() > 0);
        assertTrue(r.curve().get(3).trainLoss() < r.curve().get(0).trainLoss(), "the loss falls: " + r.curve());
    }

    @Test
    void stopsEarlyOnAPlateau() {
        // no later epoch can beat the first by min_delta 0.9, so patience 2 stops it after epoch 3
        var t = training("{learning_rate: 0.001, batch_size: 64, max_epochs: 10, patience: 2, min_delta: 0.9}");
        TrialResult r = new Trainer(t, data, System::nanoTime).train(spec, 1, m -> true);
        assertEquals(StopReason.EARLY_STOPPED, r.stopReason());
        assertEquals(TrialState.COMPLETED, r.state());
        assertEquals(3, r.epochsRun(), "best at epoch 1, then two epochs without improvement");
        assertEquals(1, r.bestEpoch());
    }

    @Test
    void aHugeLearningRateEndsAsDivergedNotAsASilentResult() {
        var t = training("{optimizer: sgd, momentum: 0.9, learning_rate: 100, batch_size: 16, max_epochs: 5, divergence_loss: 20}");
        TrialResult r = new Trainer(t, data, System::nanoTime).train(spec, 1, m -> true);
        assertEquals(StopReason.DIVERGED, r.stopReason());
        assertEquals(TrialState.FAILED, r.state());
        assertTrue(Double.isNaN(r.bestValidationAccuracy()));
        assertTrue(r.error().contains("lower the learning rate"), r.error());
    }

    /**
     * Images a 1e30 times too bright: the batch norms' squared deviations overflow, so their running variances
     * become infinite while the normalised outputs, and so the loss, stay finite.
     */
    @Test
    void aParameterThatStopsBeingFiniteEndsTheTrialAsDiverged() {
        TrialData glaring = new TrialData() {
            @Override
            public DataSetIterator train(int batchSize, long seed) {
                DataSetIterator it = data.train(batchSize, seed);
                it.setPreProcessor(d -> d.setFeatures(d.getFeatures().mul(1e30f)));
                return it;
            }

            @Override
            public DataSetIterator validation(int batchSize) {
                return data.validation(batchSize);
            }
        };
        var t = training("{learning_rate: 0.001, batch_size: 64, max_epochs: 3}");
        TrialResult r = new Trainer(t, glaring, System::nanoTime).train(spec, 1, m -> true);
        assertEquals(StopReason.DIVERGED, r.stopReason());
        assertEquals(1, r.curve().size(), "stopped after the first epoch");
        assertTrue(Double.isFinite(r.curve().get(0).trainLoss()), "the loss stayed finite: " + r.curve());
        assertTrue(r.error().contains("infinite or NaN") && r.error().contains("lower the learning rate"), r.error());
    }

    @Test
    void aPrunedTrialKeepsItsCurve() {
        var t = training("{learning_rate: 0.01, batch_size: 64, max_epochs: 5}");
        TrialResult r = new Trainer(t, data, System::nanoTime).train(spec, 1, m -> m.epoch() < 2);
        assertEquals(StopReason.PRUNED, r.stopReason());
        assertEquals(TrialState.PRUNED, r.state());
        assertEquals(2, r.curve().size());
    }

    @Test
    void aStopRequestEndsTheTrainingBetweenTwoBatches() {
        var t = training("{learning_rate: 0.01, batch_size: 16, max_epochs: 5}");
        var batches = new AtomicLong();
        var trainer = new Trainer(t, data, System::nanoTime).onBatch((epoch, images) -> batches.incrementAndGet())
                .stopWhen(() -> batches.get() >= 3);
        assertThrows(Trainer.Stopped.class, () -> trainer.train(spec, 1, m -> true));
        assertEquals(3, batches.get(), "stopped after the third batch of epoch 1, not at the end of an epoch");
    }

    @Test
    void theTimeLimitStopsTrainingWithTheBestSoFar() {
        var clock = new AtomicLong();
        var t = training("{learning_rate: 0.01, batch_size: 64, max_epochs: 50, max_minutes: 0.1}");
        // every reading of the clock advances it by one second: the limit of 6 s falls inside epoch 1 or 2
        TrialResult r = new Trainer(t, data, () -> clock.addAndGet(1_000_000_000L)).train(spec, 1, m -> true);
        assertEquals(StopReason.MAX_TIME, r.stopReason());
        assertTrue(r.epochsRun() <= 2, "stopped after " + r.epochsRun());
        assertTrue(r.bestValidationAccuracy() >= 0, "a partial epoch still counts");
    }

    @Test
    void aKilledTrialResumesFromItsLastFinishedEpoch(@TempDir Path dir) throws Exception {
        var t = training("{learning_rate: 0.01, batch_size: 64, max_epochs: 4, patience: 10}");
        var notes = new ArrayList<String>();
        var first = new ArrayList<EpochMetrics>();
        assertThrows(IllegalStateException.class, () -> new Trainer(t, data, System::nanoTime, dir, notes::add)
                .train(spec, 1, m -> {
                    first.add(m);
                    if (m.epoch() == 3) {
                        throw new IllegalStateException("killed during epoch 3");
                    }
                    return true;
                }));
        TrialResult resumed = new Trainer(t, data, System::nanoTime, dir, notes::add).train(spec, 1, m -> true);
        assertEquals(List.of("resumed from the checkpoint of epoch 2"), notes);
        assertEquals(4, resumed.epochsRun());
        assertEquals(first.subList(0, 2), resumed.curve().subList(0, 2), "epochs 1 and 2 are not trained again");
        assertEquals(StopReason.MAX_EPOCHS, resumed.stopReason());
    }

    @Test
    void aTrialStoppedAfterItsLastEpochButBeforeItsResultWasStoredIsNotTrainedAgain(@TempDir Path dir) {
        var t = training("{learning_rate: 0.01, batch_size: 64, max_epochs: 2, patience: 10}");
        TrialResult first = new Trainer(t, data, System::nanoTime, dir, note -> { }).train(spec, 1, m -> true);
        var notes = new ArrayList<String>();
        var epochs = new ArrayList<EpochMetrics>();
        var resumedCurve = new ArrayList<EpochMetrics>();
        TrialResult again = new Trainer(t, data, System::nanoTime, dir, notes::add).train(spec, 1, new Trainer.EpochCallback() {
            @Override
            public boolean onEpoch(EpochMetrics m) {
                epochs.add(m);
                return true;
            }

            @Override
            public void resumed(List<EpochMetrics> curve) {
                resumedCurve.addAll(curve);
            }
        });
        assertEquals(List.of("resumed from the checkpoint of epoch 2"), notes);
        assertEquals(List.of(), epochs, "no epoch trained again");
        assertEquals(first.curve(), resumedCurve, "the pruner hears the epochs the checkpoint holds");
        assertEquals(first.curve(), again.curve());
        assertEquals(StopReason.MAX_EPOCHS, again.stopReason());
        assertEquals(first.bestValidationAccuracy(), again.bestValidationAccuracy());
    }

    @Test
    void anUnreadableCheckpointStartsOverAndSaysSo(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("progress.json"), "{not json");
        var t = training("{learning_rate: 0.01, batch_size: 64, max_epochs: 2}");
        var notes = new ArrayList<String>();
        TrialResult r = new Trainer(t, data, System::nanoTime, dir, notes::add).train(spec, 1, m -> true);
        assertEquals(2, r.epochsRun());
        assertEquals(1, notes.size());
        assertTrue(notes.get(0).contains("is unreadable") && notes.get(0).endsWith("training starts over"), notes.get(0));
    }
}
