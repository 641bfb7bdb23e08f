package org.nas4j.store;

import java.time.Instant;
import org.nas4j.core.ExperimentStatus;

/**
 * An experiment as stored: its config as submitted, status and accumulated running time. {@code startedAt}
 * is when it first ran and {@code finishedAt} when it last ended (finished, stopped or failed); both are
 * null until then.
 */
public record ExperimentRecord(long id, String name, String configText, String configJson, String source, String strategy,
                               int budgetTrials, long seed, ExperimentStatus status, double elapsedSeconds, Instant createdAt,
                               Instant updatedAt, Instant startedAt, Instant finishedAt) {}
