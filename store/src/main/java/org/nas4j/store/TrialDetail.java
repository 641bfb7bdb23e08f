package org.nas4j.store;

import java.util.List;
import org.nas4j.core.EpochMetrics;

/** One trial with its learning curve, epochs in order (the epochs recorded so far for a running trial). */
public record TrialDetail(TrialRecord trial, List<EpochMetrics> curve) {
    public TrialDetail {
        curve = List.copyOf(curve);
    }
}
