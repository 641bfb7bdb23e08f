package org.nas4j.web.api;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import org.nas4j.core.TrialState;
import org.nas4j.core.read.TrialRow;

/** Which trials' learning curves to show when the page has not chosen any. Stateless. */
final class CurvePicks {
    static final int BEST = 5;
    static final int PRUNED = 2;
    static final int RUNNING = 2;

    private CurvePicks() {}

    /** The best finished trials, the latest pruned or early-stopped ones, and the running ones. */
    static List<Long> defaults(List<TrialRow> rows) {
        var picks = new LinkedHashSet<Long>();
        rows.stream().filter(r -> r.state() == TrialState.COMPLETED && !Double.isNaN(r.reward()))
                .sorted(Comparator.comparingDouble(TrialRow::reward).reversed()).limit(BEST)
                .forEach(r -> picks.add(r.id()));
        var newestFirst = new ArrayList<>(rows);
        newestFirst.sort(Comparator.comparingLong(TrialRow::id).reversed());
        newestFirst.stream().filter(r -> r.state() == TrialState.PRUNED).limit(PRUNED).forEach(r -> picks.add(r.id()));
        newestFirst.stream().filter(r -> "early_stopped".equals(r.stopReason())).limit(1).forEach(r -> picks.add(r.id()));
        newestFirst.stream().filter(r -> r.state() == TrialState.RUNNING).limit(RUNNING).forEach(r -> picks.add(r.id()));
        return List.copyOf(picks);
    }
}
