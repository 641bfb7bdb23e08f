package org.nas4j.core.read;

import java.util.List;
import org.nas4j.core.Architecture;
import org.nas4j.core.EpochMetrics;
import org.nas4j.core.Provenance;

/**
 * One trial with everything its page shows: its row, its experiment's name, its architecture, the seed it trained
 * with, its best epoch, the error of a failed trial (null otherwise), inference time per image in ms and batch size
 * (NaN and 0 when unknown), its curve so far, its final training when it was exported with {@code --retrain} (null
 * otherwise), where it ran (null until known, and for trials stored before provenance was recorded), the hash of its
 * experiment's config (null likewise) and its network. The store returns it with {@link NetworkSummary#NONE} (a
 * network is compiled, not stored); the dashboard's queries add it with {@link #withNetwork}. Immutable.
 */
public record TrialDetail(TrialRow trial, String experiment, Architecture architecture, long seed, int bestEpoch,
                          String error, double inferenceMs, int batchSize, List<EpochMetrics> curve, FinalTraining retrained,
                          Provenance provenance, String configHash, NetworkSummary network) {
    public TrialDetail {
        curve = List.copyOf(curve);
    }

    public TrialDetail withNetwork(NetworkSummary summary) {
        return new TrialDetail(trial, experiment, architecture, seed, bestEpoch, error, inferenceMs, batchSize, curve,
                retrained, provenance, configHash, summary);
    }
}
