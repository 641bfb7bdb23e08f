package org.nas4j.core;

/**
 * What one update of a learning strategy's policy measured; the dashboard charts these. {@code meanReward} and
 * {@code baseline} are in the reward's own units (the baseline mapped back from the strategy's reward scale, so
 * both plot beside the trials' rewards); {@code meanAdvantage} and {@code loss} are on the strategy's scale.
 */
public record PolicyStep(long step, double meanReward, double baseline, double meanAdvantage, double entropy, double loss) {}
