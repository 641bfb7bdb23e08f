package org.nas4j.daemon.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.nas4j.core.Architecture;
import org.nas4j.core.Json;
import org.nas4j.core.TrialResult;
import org.nas4j.core.UserError;
import org.nas4j.daemon.search.StatusLine;
import org.nas4j.evaluator.Experiment;
import org.nas4j.evaluator.data.SplitData;
import org.nas4j.evaluator.train.Trainer;
import org.nas4j.evaluator.train.TrainingConfig;
import org.nas4j.space.CnnSearchSpace;

/**
 * The final training of an architecture: the full training split (no subset), the experiment's optimiser,
 * early stopping on the validation split and no time limit (a trial's {@code max_minutes} is a search limit), then
 * the one and only evaluation on the test split. Writes
 * {@code model.zip} (the best epoch's network, DL4J's ModelSerializer), {@code normalization.json} (the
 * input normalisation it expects) and {@code final-training.json}.
 */
public final class FinalTraining {
    /** What the final training measured; {@code testAccuracy} is on the test split. */
    public record Outcome(TrialResult training, double testAccuracy, Path model) {}

    private FinalTraining() {}

    /**
     * @param experiment an experiment whose dataset subsets are ignored here
     * @param training   its training settings for this run (epochs, patience)
     * @param progress   where the progress bar and a line per epoch go, each line starting with {@code label}
     * @param stop       ends the training between two batches ({@link Trainer.Stopped} is thrown, nothing is written)
     */
    public static Outcome run(Experiment experiment, CnnSearchSpace space, Architecture architecture, TrainingConfig training,
                              Path out, StatusLine progress, String label, BooleanSupplier stop) {
        TrainingConfig settings = training.unlimited();
        int epochs = settings.maxEpochs();
        SplitData data = experiment.data();
        var bar = new TrainingBar(progress, label, data.splits().train().size(), epochs, System::nanoTime);
        var trainer = new Trainer(settings, data, System::nanoTime).keepBest().onBatch(bar).stopWhen(stop);
        TrialResult result;
        try {
            result = trainer.train(space.spec(space.decisions().validate(architecture)), experiment.seed(), bar);
        } finally {
            bar.end();
        }
        ComputationGraph best = trainer.bestModel();
        if (best == null) {
            throw new UserError("the final training of " + architecture.key() + " produced no model: " + result.stopReason().id
                    + (result.error() == null ? "" : " (" + result.error() + ")"));
        }
        double test = Trainer.evaluate(best, data.test(settings.batchSize()))[1];
        try {
            Files.createDirectories(out);
            Path model = out.resolve("model.zip");
            ModelSerializer.writeModel(best, model.toFile(), false);
            var norm = Json.MAPPER.createObjectNode();
            norm.set("mean", Json.MAPPER.valueToTree(data.stats().mean()));
            norm.set("std", Json.MAPPER.valueToTree(data.stats().std()));
            norm.put("formula", "(pixel / 255 - mean[channel]) / std[channel], NCHW");
            Files.writeString(out.resolve("normalization.json"), Json.writePretty(norm) + "\n");
            var summary = Json.MAPPER.createObjectNode();
            summary.put("key", architecture.key());
            summary.put("testAccuracy", test);
            summary.set("training", Json.MAPPER.valueToTree(result));
            Files.writeString(out.resolve("final-training.json"), Json.writePretty(summary) + "\n");
            return new Outcome(result, test, model);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the trained model to " + out, e);
        }
    }
}
