package org.nas4j.evaluator.worker;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.nas4j.core.StopReason;
import org.nas4j.core.Trial;
import org.nas4j.core.TrialResult;
import org.nas4j.core.UserError;
import org.nas4j.evaluator.train.Trainer;
import org.nas4j.evaluator.train.TrainingConfig;
import org.nas4j.evaluator.train.TrialData;
import org.nas4j.space.CnnSearchSpace;
import org.nas4j.space.NetworkSpec;
import org.nas4j.space.dl4j.CompiledNetwork;
import org.nas4j.space.dl4j.Dl4jCompiler;

/**
 * Runs one trial where it is called (in the daemon's JVM or in a worker's): builds the network, fits its
 * batch to the memory budget, trains it. Whatever goes wrong comes back as a failed result.
 */
public final class TrialRunner {
    /** The smallest batch memory placement halves down to. */
    static final int MIN_BATCH = 8;

    private TrialRunner() {}

    public static TrialResult run(CnnSearchSpace space, TrainingConfig training, TrialData data, long memoryBudget,
                                  Trial trial, Trainer.EpochCallback callback, Consumer<String> events) {
        try {
            NetworkSpec spec = space.spec(trial.architecture());
            CompiledNetwork net = Dl4jCompiler.compile(spec);
            int batch = MemoryEstimate.fittingBatch(net, training.batchSize(), MIN_BATCH, training.optimizer(), memoryBudget);
            if (batch == 0) {
                return TrialResult.failed(StopReason.TOO_LARGE, "needs about "
                        + MemoryEstimate.bytes(net, Math.min(MIN_BATCH, training.batchSize()), training.optimizer()) / (1 << 20)
                        + " MB even with batch " + Math.min(MIN_BATCH, training.batchSize()) + ", over the budget of "
                        + memoryBudget / (1 << 20) + " MB: raise workers.memory_gb or use a smaller space", List.of());
            }
            Path checkpoint = trial.checkpointDir() == null ? null : Path.of(trial.checkpointDir());
            return new Trainer(training.withBatchSize(batch), data, System::nanoTime, checkpoint, events)
                    .train(spec, trial.seed(), callback);
        } catch (UserError e) {
            return TrialResult.failed(StopReason.ERROR, e.getMessage(), List.of());
        } catch (RuntimeException e) {
            return TrialResult.failed(StopReason.ERROR, e.getClass().getSimpleName() + ": " + e.getMessage(), List.of());
        }
    }
}
