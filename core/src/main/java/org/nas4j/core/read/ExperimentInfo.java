package org.nas4j.core.read;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.nas4j.core.TrialState;

/**
 * An experiment as the dashboard lists it. {@code status} is the store's word (running, paused, stopped,
 * finished, failed, ...); {@code bestReward} is the best validation accuracy (NaN before any trial finished) and
 * {@code bestTrialId} its trial (null then); {@code elapsedSeconds} the accumulated running time; times are null
 * until they happened; {@code retrained} the final trainings of its exported trials, best test accuracy first
 * (empty until {@code nas export --retrain}). Immutable.
 */
public record ExperimentInfo(String name, String status, String strategy, String space, int budgetTrials,
                             Map<TrialState, Integer> counts, double bestReward, Long bestTrialId,
                             double elapsedSeconds, Instant createdAt, Instant startedAt, Instant finishedAt,
                             List<FinalTraining> retrained) {
    public ExperimentInfo {
        retrained = List.copyOf(retrained);
        var copy = new EnumMap<TrialState, Integer>(TrialState.class);
        for (TrialState s : TrialState.values()) {
            copy.put(s, counts.getOrDefault(s, 0));
        }
        counts = Map.copyOf(copy);
    }

    /** Trials that finished: completed, pruned or failed. */
    @JsonProperty("trialsDone")
    public int trialsDone() {
        return counts.get(TrialState.COMPLETED) + counts.get(TrialState.PRUNED) + counts.get(TrialState.FAILED);
    }
}
