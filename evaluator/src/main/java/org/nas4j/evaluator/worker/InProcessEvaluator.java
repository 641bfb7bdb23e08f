package org.nas4j.evaluator.worker;

import java.time.Clock;
import java.util.function.Supplier;
import org.nas4j.backend.Dl4jRuntime;
import org.nas4j.core.EpochListener;
import org.nas4j.core.Evaluator;
import org.nas4j.core.Pruner;
import org.nas4j.core.Trial;
import org.nas4j.core.TrialResult;
import org.nas4j.evaluator.train.TrainingConfig;
import org.nas4j.evaluator.train.TrialData;
import org.nas4j.space.CnnSearchSpace;

/**
 * Trains trials in the calling thread, in this JVM: for tests and small runs. A native crash here takes
 * the caller down, which is why {@link ProcessEvaluator} is the default. Thread-safe if the data is.
 */
public final class InProcessEvaluator implements Evaluator {
    private final CnnSearchSpace space;
    private final TrainingConfig training;
    private final Supplier<TrialData> data;
    private final Pruner pruner;
    private final long memoryBudget;
    private final Clock clock;

    /** @param pruner decides, epoch by epoch; a {@code PrunerFeed} around this evaluator tells it the finished curves */
    public InProcessEvaluator(CnnSearchSpace space, TrainingConfig training, Supplier<TrialData> data, Pruner pruner,
                              long memoryBudget, Clock clock) {
        this.clock = clock;
        this.space = space;
        this.training = training;
        this.data = data;
        this.pruner = pruner;
        this.memoryBudget = memoryBudget;
    }

    @Override
    public TrialResult evaluate(Trial trial, EpochListener listener) {
        listener.ranOn(trial, Slot.provenance("in-process " + ProcessHandle.current().pid(), Dl4jRuntime.backend(),
                Dl4jRuntime.threads()));
        return TrialRunner.run(space, training, data.get(), memoryBudget, trial,
                new PruningCallback(trial, listener, pruner), note -> listener.onEvent(trial, note), clock);
    }
}
