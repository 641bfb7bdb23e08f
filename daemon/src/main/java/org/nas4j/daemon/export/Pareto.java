package org.nas4j.daemon.export;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToLongFunction;
import org.nas4j.store.TrialRecord;

/** The Pareto front of finished trials: no other trial is at least as accurate with fewer (or equal) costs. */
public final class Pareto {
    private Pareto() {}

    /** Trials on the accuracy-versus-{@code cost} front, cheapest first. */
    public static List<TrialRecord> front(List<TrialRecord> trials, ToLongFunction<TrialRecord> cost) {
        var sorted = trials.stream().filter(t -> !Double.isNaN(t.reward()))
                .sorted(Comparator.comparingLong(cost).thenComparing(TrialRecord::reward, Comparator.reverseOrder())).toList();
        var front = new ArrayList<TrialRecord>();
        double best = Double.NEGATIVE_INFINITY;
        for (TrialRecord t : sorted) {
            if (t.reward() > best) {
                front.add(t);
                best = t.reward();
            }
        }
        return front;
    }
}
