package org.nas4j.evaluator.tabular;

import java.util.List;
import org.nas4j.core.EpochListener;
import org.nas4j.core.EpochMetrics;
import org.nas4j.core.Evaluator;
import org.nas4j.core.StopReason;
import org.nas4j.core.Trial;
import org.nas4j.core.TrialResult;
import org.nas4j.evaluator.worker.Slot;

/**
 * Evaluates an architecture by looking it up in a {@link TabularBenchmark}: the chosen metric is the
 * reward (reported as a one-epoch curve), and {@code params} and {@code flops} columns are used when present.
 * Thread-safe.
 */
public final class TabularEvaluator implements Evaluator {
    private final TabularBenchmark table;
    private final int metric;
    private final int params;
    private final int flops;

    public TabularEvaluator(TabularBenchmark table, String metric) {
        this.table = table;
        this.metric = table.metric(metric);
        this.params = table.metrics().indexOf("params");
        this.flops = table.metrics().indexOf("flops");
    }

    @Override
    public TrialResult evaluate(Trial trial, EpochListener listener) {
        double value = table.value(trial.architecture(), metric);
        var epoch = new EpochMetrics(1, Double.NaN, Double.NaN, value, 0, 0);
        listener.ranOn(trial, Slot.provenance("table lookup", "none", 0));
        listener.onEpoch(trial, epoch);
        return new TrialResult(StopReason.MAX_EPOCHS, value, 1, 1,
                params < 0 ? 0 : (long) table.value(trial.architecture(), params),
                flops < 0 ? 0 : (long) table.value(trial.architecture(), flops), 0, 0, 0, null, List.of(epoch));
    }
}
