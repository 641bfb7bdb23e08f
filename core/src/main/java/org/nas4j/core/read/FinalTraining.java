package org.nas4j.core.read;

import java.time.Instant;

/**
 * The final training of an exported trial ({@code nas export --retrain}, written back to the store): the trial, its
 * reward during the search, then the best validation accuracy and the test accuracy of the final training on the full
 * training set, its epochs, when it was recorded, the network's parameters and how long the training took (NaN when
 * a release before 0.2 trained it). Accuracies NaN when unknown. Immutable.
 */
public record FinalTraining(long trialId, int number, String key, double searchReward, double validationAccuracy,
                            double testAccuracy, int epochs, Instant trainedAt, long params, double seconds) {}
