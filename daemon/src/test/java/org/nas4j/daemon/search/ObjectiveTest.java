package org.nas4j.daemon.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.nas4j.core.UserError;
import org.nas4j.core.config.ConfigNode;

class ObjectiveTest {
    static Objective objective(String yaml) {
        return Objective.from(ConfigNode.parse(yaml.isEmpty() ? "name: o" : "reward: " + yaml, "o.yaml", true));
    }

    @Test
    void accuracyAloneByDefaultAndTheFailureRewardForFailedTrials() {
        Objective o = objective("");
        assertEquals(0.9, o.reward(false, 0.9, 1000, 10));
        assertEquals(0.0, o.reward(true, Double.NaN, 0, 0));
        assertEquals(-1.0, objective("{failure: -1}").reward(true, Double.NaN, 0, 0));
    }

    @Test
    void anExcludedFailureIsNotARewardAndAnyOtherWordIsRefused() {
        Objective o = objective("{failure: exclude}");
        assertTrue(Double.isNaN(o.reward(true, Double.NaN, 0, 0)));
        assertEquals(0.9, o.reward(false, 0.9, 0, 0));
        assertEquals(0.0, objective("{failure: exclude, cost: params, max: 10}").reward(false, 0.9, 11, 0));
        assertEquals("o.yaml: reward.failure must be a number (the reward of a failed trial) or 'exclude' (not told to the strategy)",
                assertThrows(UserError.class, () -> objective("{failure: skip}")).getMessage());
    }

    @Test
    void mnasStyleTradesAccuracyAgainstCostAndAHardLimitFailsOversizedNetworks() {
        Objective mnas = objective("{cost: params, target: 100000, exponent: -0.07}");
        assertEquals(0.9, mnas.reward(false, 0.9, 100_000, 0), 1e-12);
        assertEquals(0.9 * Math.pow(2, -0.07), mnas.reward(false, 0.9, 200_000, 0), 1e-12);
        assertTrue(mnas.reward(false, 0.9, 50_000, 0) > 0.9, "cheaper than the target is rewarded");
        Objective hard = objective("{cost: flops, max: 1000000, failure: 0.1}");
        assertEquals(0.8, hard.reward(false, 0.8, 0, 999_999));
        assertEquals(0.1, hard.reward(false, 0.8, 0, 1_000_001));
    }

    @Test
    void aCostParameterWithoutACostIsRefusedAndUnknownSectionsToo() {
        assertTrue(assertThrows(UserError.class, () -> objective("{target: 5}")).getMessage().contains("give cost: params or cost: flops"));
        var e = assertThrows(UserError.class, () -> SearchProblem.from(Path.of("x.yaml"),
                ConfigNode.parse("name: x\nspaces: {}\n", "x.yaml", true)));
        assertTrue(e.getMessage().startsWith("x.yaml: spaces is not a known field; allowed here: [benchmark, budget, dataset,"), e.getMessage());
    }
}
