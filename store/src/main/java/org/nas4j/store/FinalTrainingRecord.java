package org.nas4j.store;

import java.time.Instant;

/**
 * The final training of an exported trial ({@code nas export --retrain}): the trial, its reward during the search,
 * the best validation accuracy and the test accuracy of the final training, its epochs, when it was written, the
 * network's parameters and how long the training took (NaN when a release before 0.2 trained it).
 */
public record FinalTrainingRecord(long trialId, int number, String key, double searchReward, double validationAccuracy,
                                  double testAccuracy, int epochs, Instant trainedAt, long params, double seconds) {}
