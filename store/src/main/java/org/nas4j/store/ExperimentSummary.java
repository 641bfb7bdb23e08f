package org.nas4j.store;

import java.util.Map;
import org.nas4j.core.TrialState;

/**
 * An experiment with its trial counts per state, its best trial (key, reward and id; null, NaN and null before
 * any trial finished) and its last policy step.
 */
public record ExperimentSummary(ExperimentRecord experiment, Map<TrialState, Integer> counts, String bestKey,
                                double bestReward, Long bestTrialId, long policyStep) {
    public int finished() {
        return counts.getOrDefault(TrialState.COMPLETED, 0) + counts.getOrDefault(TrialState.PRUNED, 0)
                + counts.getOrDefault(TrialState.FAILED, 0);
    }
}
