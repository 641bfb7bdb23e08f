package org.nas4j.core;

/**
 * How to choose the next architecture: a passive ask/tell strategy; the daemon owns the loop. Calls come
 * from one thread at a time (the daemon's loop); implementations need not be thread-safe.
 */
public interface SearchStrategy {
    /** Proposes the next architecture to evaluate. */
    Architecture ask();

    /** Reports the reward of an architecture evaluated for this strategy. */
    void tell(Architecture architecture, double reward);

    /** The whole state, so that {@link #restore} on a fresh instance continues exactly from here. */
    byte[] snapshot();

    /** Replaces this strategy's state with one from {@link #snapshot}. */
    void restore(byte[] state);

    /** The policy updates made since the last call (none for strategies without a policy). */
    default java.util.List<PolicyStep> takePolicySteps() {
        return java.util.List.of();
    }
}
