package org.nas4j.evaluator.prune;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.math3.stat.descriptive.rank.Median;
import org.nas4j.core.EpochMetrics;
import org.nas4j.core.Pruner;
import org.nas4j.core.config.ConfigNode;

/**
 * The median stopping rule: at epoch k, a trial whose best validation accuracy so far is below the median
 * of the finished trials' best-so-far at epoch k is pruned. It acts only once {@code startAfter} trials
 * have finished, and not before epoch {@code minEpoch}. Thread-safe.
 */
public final class MedianPruner implements Pruner {
    private final int startAfter;
    private final int minEpoch;
    private final List<double[]> bestSoFar = new ArrayList<>();

    public MedianPruner(int startAfter, int minEpoch) {
        this.startAfter = startAfter;
        this.minEpoch = minEpoch;
    }

    /** The pruner of the optional {@code pruning} section: median rule on by default (start after 5 trials, from epoch 1). */
    public static Pruner from(ConfigNode experiment) {
        Optional<ConfigNode> section = experiment.optionalSection("pruning");
        if (section.isEmpty()) {
            return new MedianPruner(5, 1);
        }
        ConfigNode p = section.get();
        p.allowOnly(Set.of("enabled", "start_after_trials", "min_epoch"));
        return p.getBoolean("enabled", true)
                ? new MedianPruner(p.getInt("start_after_trials", 5, 1, 1_000_000), p.getInt("min_epoch", 1, 1, 1_000_000))
                : Pruner.NONE;
    }

    @Override
    public synchronized boolean shouldPrune(int epoch, double best) {
        if (bestSoFar.size() < startAfter || epoch < minEpoch) {
            return false;
        }
        double[] atEpoch = bestSoFar.stream().filter(c -> c.length >= epoch).mapToDouble(c -> c[epoch - 1]).toArray();
        return atEpoch.length > 0 && best < new Median().evaluate(atEpoch);
    }

    @Override
    public synchronized void finished(List<EpochMetrics> curve) {
        double[] running = new double[curve.size()];
        double best = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < running.length; i++) {
            double acc = curve.get(i).validationAccuracy();
            best = Double.isNaN(acc) ? best : Math.max(best, acc);
            running[i] = best;
        }
        if (running.length > 0) {
            bestSoFar.add(running);
        }
    }
}
