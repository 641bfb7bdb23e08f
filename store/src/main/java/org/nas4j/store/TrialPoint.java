package org.nas4j.store;

import java.time.Instant;
import org.nas4j.core.TrialState;

/**
 * The few numbers of a trial that charts plot for every trial of an experiment (reward over time, accuracy
 * against params and FLOPs), without its architecture JSON; reward NaN and finishedAt null until it finishes.
 */
public record TrialPoint(long id, int number, String key, TrialState state, String stopReason, double reward,
                         long params, long flops, Instant createdAt, Instant finishedAt) {}
