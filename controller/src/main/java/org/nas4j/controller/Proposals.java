package org.nas4j.controller;

import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;
import java.util.function.Predicate;
import org.nas4j.core.Architecture;
import org.nas4j.core.SearchStrategy;

/**
 * The strategy's side of every search step, shared by the daemon's search loop and the strategy benchmark: ask for an
 * architecture to evaluate, answering a repeat of an evaluated one with its known reward, and tell rewards. Counts the
 * rewards told (a strategy checkpoint records how many it has seen). Not thread-safe: one loop's thread calls it.
 */
public final class Proposals {
    private final SearchStrategy strategy;
    private long tells;
    private long repeats;

    /** @param tells the rewards {@code strategy} has been told already (restored from a checkpoint), else 0 */
    public Proposals(SearchStrategy strategy, long tells) {
        this.strategy = strategy;
        this.tells = tells;
    }

    /**
     * Asks the strategy, at most {@code maxAsks} times, until it proposes an architecture that is neither evaluated
     * ({@code known} gives its reward by key: that reward is told and counts as a repeat) nor {@code claimed} (queued
     * or running); empty when none came.
     */
    public Optional<Architecture> next(Function<String, OptionalDouble> known, Predicate<String> claimed, long maxAsks) {
        for (long asks = 0; asks < maxAsks; asks++) {
            Architecture a = strategy.ask();
            OptionalDouble reward = known.apply(a.key());
            if (reward.isPresent()) {
                tell(a, reward.getAsDouble());
                repeats++;
            } else if (!claimed.test(a.key())) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** Tells the strategy a reward, unless it is NaN (a failure the objective excludes). */
    public void tell(Architecture a, double reward) {
        if (!Double.isNaN(reward)) {
            strategy.tell(a, reward);
            tells++;
        }
    }

    /** Rewards told so far, counting those before a restore. */
    public long tells() {
        return tells;
    }

    /** Proposals answered with a known reward so far. */
    public long repeats() {
        return repeats;
    }
}
