package org.nas4j.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.nas4j.core.Architecture;
import org.nas4j.core.SearchStrategy;

class ProposalsTest {
    private static final Architecture A = first(0);
    private static final Architecture B = first(1);
    private static final Architecture C = first(2);

    private static Architecture first(int choice) {
        int[] choices = new int[StrategyContractTest.SPACE.decisions().size()];
        choices[0] = choice;
        return StrategyContractTest.SPACE.architecture(choices);
    }

    /** Proposes a fixed sequence and records what it is told. */
    private static final class Scripted implements SearchStrategy {
        final ArrayDeque<Architecture> next;
        final List<String> told = new ArrayList<>();

        Scripted(Architecture... proposals) {
            next = new ArrayDeque<>(List.of(proposals));
        }

        @Override
        public Architecture ask() {
            return next.poll();
        }

        @Override
        public void tell(Architecture a, double reward) {
            told.add(a.key() + "=" + reward);
        }

        @Override
        public byte[] snapshot() {
            return new byte[0];
        }

        @Override
        public void restore(byte[] state) {}
    }

    @Test
    void aRepeatIsToldItsKnownRewardAClaimedOneIsSkippedAndTheFirstNewOneIsProposed() {
        var strategy = new Scripted(A, B, C);
        var proposals = new Proposals(strategy, 5);
        var known = Map.of(A.key(), 0.7);
        var next = proposals.next(k -> known.containsKey(k) ? OptionalDouble.of(known.get(k)) : OptionalDouble.empty(),
                B.key()::equals, 10);
        assertEquals(C, next.orElseThrow());
        assertEquals(List.of(A.key() + "=0.7"), strategy.told);
        assertEquals(6, proposals.tells(), "counted from the restored 5");
        assertEquals(1, proposals.repeats());
    }

    @Test
    void nothingNewWithinTheAsksIsEmptyAndANaNRewardIsNotTold() {
        var strategy = new Scripted(A, A, A);
        var proposals = new Proposals(strategy, 0);
        assertTrue(proposals.next(k -> OptionalDouble.of(0.5), k -> false, 2).isEmpty());
        assertEquals(1, strategy.next.size(), "asked twice");
        proposals.tell(B, Double.NaN);
        assertEquals(2, proposals.tells());
    }
}
