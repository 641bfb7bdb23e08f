package org.nas4j.web;

import java.util.List;

/**
 * What a shared-weight (ENAS) experiment shows beside its trials: the supernet's epochs and the candidates derived
 * at the end, best shared-weight score first, with their stand-alone trial once it ran. Immutable.
 */
public record SharedView(List<Epoch> epochs, List<Candidate> candidates) {
    public SharedView {
        epochs = List.copyOf(epochs);
        candidates = List.copyOf(candidates);
    }

    /** One supernet epoch: the sampled children's mean training loss, their mean shared-weight validation accuracy. */
    public record Epoch(int epoch, double trainLoss, double meanReward, double learningRate, long steps, double seconds) {}

    /**
     * A derived candidate; {@code standaloneAccuracy}, {@code state} and {@code trialId} are null until it is a trial.
     */
    public record Candidate(int rank, String key, double sharedAccuracy, Double standaloneAccuracy, String state,
                            Long trialId) {}
}
