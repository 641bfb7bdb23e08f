package org.nas4j.store;

import java.time.Instant;

/**
 * The final training of an exported trial ({@code nas export --retrain}): the trial, its reward during the search,
 * the best validation accuracy and the test accuracy of the final training, its epochs and when it was written.
 */
public record FinalTrainingRecord(long trialId, int number, String key, double searchReward, double validationAccuracy,
                                  double testAccuracy, int epochs, Instant trainedAt) {}
