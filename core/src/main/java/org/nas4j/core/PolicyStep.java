package org.nas4j.core;

/** What one update of a learning strategy's policy measured; the dashboard charts these. */
public record PolicyStep(long step, double meanReward, double baseline, double meanAdvantage, double entropy, double loss) {}
