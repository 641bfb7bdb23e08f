package org.nas4j.store;

import java.util.List;
import org.nas4j.core.PolicyStep;

/**
 * A strategy's state as of one change of the search (a trial proposed, a result told), stored in the same
 * transaction as that change, so that a restored strategy has seen exactly what the store holds.
 *
 * @param tells results the strategy has been told so far
 * @param state its {@code snapshot()}
 * @param steps the policy updates made since the previous checkpoint
 */
public record StrategyCheckpoint(long tells, byte[] state, List<PolicyStep> steps) {}
