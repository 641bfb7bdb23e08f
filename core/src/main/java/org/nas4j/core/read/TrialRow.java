package org.nas4j.core.read;

import java.time.Instant;
import org.nas4j.core.TrialState;

/**
 * One trial as a table row and a chart point. {@code number} counts from 1 within its experiment;
 * {@code stopReason} is a {@link org.nas4j.core.StopReason#id} (null until finished); {@code reward} the best
 * validation accuracy (NaN until finished or when failed); {@code epochsRun} and {@code trainingSeconds} 0 and NaN
 * until finished; {@code finishedAt} null until finished. Immutable.
 */
public record TrialRow(long id, int number, String key, TrialState state, String stopReason, double reward,
                       long params, long flops, int epochsRun, double trainingSeconds, Instant createdAt,
                       Instant finishedAt) {}
