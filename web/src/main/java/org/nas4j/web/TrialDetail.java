package org.nas4j.web;

import java.util.List;
import org.nas4j.core.Architecture;
import org.nas4j.core.EpochMetrics;
import org.nas4j.core.Provenance;

/**
 * One trial with everything its page shows: its row, its experiment's name, its architecture, the seed it trained
 * with, its best epoch, the error of a failed trial (null otherwise), inference time per image in ms and batch size
 * (NaN and 0 when unknown), its layer summary and skip links (empty when the space has no network, e.g. a tabular
 * benchmark), its curve so far, the DL4J configuration JSON it compiles to (null when there is none), and its final
 * training when it was exported with {@code --retrain} (null otherwise), where it ran (null until known, and for
 * trials stored before provenance was recorded) and the hash of its experiment's config (null likewise). Immutable.
 */
public record TrialDetail(TrialRow trial, String experiment, Architecture architecture, long seed, int bestEpoch,
                          String error, double inferenceMs, int batchSize, List<LayerRow> layers,
                          List<LayerLink> links, List<EpochMetrics> curve, String dl4jConfigJson, Retrained retrained,
                          Provenance provenance, String configHash) {
    public TrialDetail {
        layers = List.copyOf(layers);
        links = List.copyOf(links);
        curve = List.copyOf(curve);
    }
}
