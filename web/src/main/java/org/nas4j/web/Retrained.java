package org.nas4j.web;

import java.time.Instant;

/**
 * The final training of an exported trial ({@code nas export --retrain}, written back to the store): the trial, its
 * validation accuracy during the search, then the best validation accuracy and the test accuracy of the final
 * training on the full training set, its epochs and when it was recorded. Accuracies NaN when unknown. Immutable.
 */
public record Retrained(long trialId, int number, String key, double searchReward, double validationAccuracy,
                        double testAccuracy, int epochs, Instant trainedAt) {}
