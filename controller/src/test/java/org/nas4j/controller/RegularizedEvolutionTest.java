package org.nas4j.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import org.junit.jupiter.api.Test;
import org.nas4j.core.Architecture;

class RegularizedEvolutionTest {
    @Test
    void afterThePopulationFillsEveryChildDiffersFromAPopulationMemberInExactlyOneDecision() {
        var space = StrategyContractTest.SPACE;
        var evolution = new RegularizedEvolution(space, 3, 8, 3);
        var told = new HashMap<String, int[]>();
        for (int i = 0; i < 8; i++) {
            Architecture a = evolution.ask();
            told.put(a.key(), space.indices(a));
            evolution.tell(a, StrategyContractTest.reward(a));
        }
        for (int i = 0; i < 50; i++) {
            int[] child = space.indices(evolution.ask());
            boolean oneAway = told.values().stream().anyMatch(parent -> {
                int differences = 0;
                for (int d = 0; d < child.length; d++) {
                    differences += parent[d] == child[d] ? 0 : 1;
                }
                return differences == 1;
            });
            assertTrue(oneAway, "child " + java.util.Arrays.toString(child) + " is one mutation from a member");
            Architecture a = space.architecture(child);
            told.put(a.key(), child);
            evolution.tell(a, StrategyContractTest.reward(a));
        }
    }

    @Test
    void ageingRemovesTheOldestMember() {
        var space = StrategyContractTest.SPACE;
        var evolution = new RegularizedEvolution(space, 3, 2, 2);
        evolution.tell(space.architecture(2, 2, 2, 2, 2, 2, 2, 2), 1.0);
        evolution.tell(space.architecture(0, 0, 0, 0, 0, 0, 0, 0), 0.0);
        evolution.tell(space.architecture(0, 0, 0, 0, 0, 0, 0, 1), 0.1);
        // the best (all 2s) aged out: every child now comes from the two low-reward members
        for (int i = 0; i < 20; i++) {
            int[] child = space.indices(evolution.ask());
            assertTrue(java.util.Arrays.stream(child).filter(c -> c == 2).count() <= 1, java.util.Arrays.toString(child));
        }
        assertEquals(8, space.decisions().size());
    }
}
