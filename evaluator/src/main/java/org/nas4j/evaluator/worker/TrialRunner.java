package org.nas4j.evaluator.worker;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
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
import org.nas4j.space.dl4j.CompiledNetwork;

/**
 * Runs one trial where it is called (in the daemon's JVM or in a worker's): compiles the network (once: the memory
 * estimate and the training use the same), fits its batch to the memory budget, trains it. Whatever goes wrong comes
 * back as a failed result.
 */
public final class TrialRunner {
    /** The smallest batch memory placement halves down to. */
    static final int MIN_BATCH = 8;

    private TrialRunner() {}

    /** @param clock the training's time: its epochs' seconds and its time limit */
    public static TrialResult run(CnnSearchSpace space, TrainingConfig training, TrialData data, long memoryBudget,
                                  Trial trial, Trainer.EpochCallback callback, Consumer<String> events, Clock clock) {
        try {
            CompiledNetwork net = training.compile(space.spec(trial.architecture()), trial.seed());
            int batch = MemoryEstimate.fittingBatch(net, training.batchSize(), MIN_BATCH, training.optimizer(), memoryBudget);
            if (batch == 0) {
                return TrialResult.failed(StopReason.TOO_LARGE, "needs about "
                        + MemoryEstimate.bytes(net, Math.min(MIN_BATCH, training.batchSize()), training.optimizer()) / (1 << 20)
                        + " MB even with batch " + Math.min(MIN_BATCH, training.batchSize()) + ", over the budget of "
                        + memoryBudget / (1 << 20) + " MB: raise workers.memory_gb or use a smaller space", List.of());
            }
            Path checkpoint = trial.checkpointDir() == null ? null : Path.of(trial.checkpointDir());
            return new Trainer(training.withBatchSize(batch), data, () -> nanos(clock.instant()), checkpoint, events)
                    .train(net, trial.seed(), callback);
        } catch (UserError e) {
            return TrialResult.failed(StopReason.ERROR, e.getMessage(), List.of());
        } catch (RuntimeException e) {
            return TrialResult.failed(StopReason.ERROR, e.getClass().getSimpleName() + ": " + e.getMessage(), List.of());
        }
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
