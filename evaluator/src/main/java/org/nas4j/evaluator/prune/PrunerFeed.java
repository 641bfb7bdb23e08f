package org.nas4j.evaluator.prune;

import java.util.List;
import org.nas4j.core.EpochListener;
import org.nas4j.core.EpochMetrics;
import org.nas4j.core.Evaluator;
import org.nas4j.core.Pruner;
import org.nas4j.core.Trial;
import org.nas4j.core.TrialResult;
import org.nas4j.core.TrialState;

/**
 * An evaluator whose pruner learns from every trial it finishes: the one place a finished trial's curve reaches a
 * pruner, whichever evaluator ran it (in this JVM, in a worker process, on Spark). A failed trial's curve is left out:
 * it says nothing of how far a trainable network gets. Thread-safe if the evaluator and the pruner are.
 */
public final class PrunerFeed implements Evaluator {
    private final Evaluator evaluator;
    private final Pruner pruner;

    private PrunerFeed(Evaluator evaluator, Pruner pruner) {
        this.evaluator = evaluator;
        this.pruner = pruner;
    }

    /** {@code evaluator}, whose {@code pruner} is told {@code finishedCurves} (of earlier runs) now and every finished curve after. */
    public static Evaluator of(Evaluator evaluator, Pruner pruner, List<List<EpochMetrics>> finishedCurves) {
        finishedCurves.forEach(pruner::finished);
        return new PrunerFeed(evaluator, pruner);
    }

    @Override
    public TrialResult evaluate(Trial trial, EpochListener listener) {
        TrialResult result = evaluator.evaluate(trial, listener);
        if (result.state() != TrialState.FAILED) {
            pruner.finished(result.curve());
        }
        return result;
    }

    @Override
    public void close() {
        evaluator.close();
    }
}
