package org.nas4j.store;

import java.time.Instant;

/** One line of an experiment's event log; {@code trialId} is null for experiment-wide events. */
public record EventRecord(long id, Long trialId, String level, String message, Instant createdAt) {}
