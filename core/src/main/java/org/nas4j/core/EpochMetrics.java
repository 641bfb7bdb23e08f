package org.nas4j.core;

/** What one epoch of a trial measured. Validation figures are on the validation split, never the test split. */
public record EpochMetrics(int epoch, double trainLoss, double validationLoss, double validationAccuracy,
                           double epochSeconds, double imagesPerSecond) {}
