package org.nas4j.core;

import java.util.EnumSet;
import java.util.Set;

/**
 * The states of a trial: {@code PENDING -> RUNNING -> COMPLETED | PRUNED | FAILED}, and
 * {@code RUNNING -> PENDING} when a daemon restarts after a crash. Nothing else.
 */
public enum TrialState {
    PENDING, RUNNING, COMPLETED, PRUNED, FAILED;

    /**
     * The states whose reward ranks a trial: the one definition of "best" everywhere (loop, store, API, charts) is
     * the highest reward of a trial in one of them, the earliest trial on ties. A failed trial has no reward to rank.
     */
    public static final Set<TrialState> RANKED = Set.of(COMPLETED, PRUNED);

    public boolean ranked() {
        return RANKED.contains(this);
    }

    public boolean finished() {
        return this == COMPLETED || this == PRUNED || this == FAILED;
    }

    public Set<TrialState> next() {
        return switch (this) {
            case PENDING -> EnumSet.of(RUNNING);
            case RUNNING -> EnumSet.of(COMPLETED, PRUNED, FAILED, PENDING);
            case COMPLETED, PRUNED, FAILED -> EnumSet.noneOf(TrialState.class);
        };
    }

    /** Checks a transition. @throws IllegalStateException when it is not allowed */
    public TrialState to(TrialState target) {
        if (!next().contains(target)) {
            throw new IllegalStateException("a trial cannot go from " + this + " to " + target);
        }
        return target;
    }
}
