package org.nas4j.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nas4j.core.Json;

class RewardScaleTest {
    @Test
    void rankMapsARewardToItsShareOfEarlierRewardsBelowItWithTiesCountingHalf() {
        var s = new RewardScale(RewardTransform.RANK);
        assertEquals(0, s.add(0.5));    // nothing to compare with
        assertEquals(1, s.add(0.9));    // above the one before
        assertEquals(-1, s.add(0.1));   // below both
        assertEquals(0, s.add(0.5), 1e-12);   // 0.1 below, 0.5 tied, 0.9 above: (1 + 0.5) / 3 -> 0
        assertEquals(1, s.add(1e9));    // the scale of the metric does not matter
    }

    @Test
    void zscoreStandardisesByTheRunningMomentsAndRawLeavesTheRewardAlone() {
        var z = new RewardScale(RewardTransform.ZSCORE);
        assertEquals(0, z.add(1));
        assertEquals(Math.sqrt(0.5), z.add(2), 1e-12); // mean 1.5, sample std sqrt(0.5)
        assertEquals(0.7, new RewardScale(RewardTransform.RAW).add(0.7));
    }

    @Test
    void aScaledValueMapsBackToTheRewardItStandsFor() {
        var rank = new RewardScale(RewardTransform.RANK);
        var z = new RewardScale(RewardTransform.ZSCORE);
        for (double r : new double[] {40, 90, 60, 80, 70}) {
            rank.add(r);
            z.add(r);
        }
        assertEquals(40, rank.reward(-1));
        assertEquals(90, rank.reward(1));
        assertEquals(70, rank.reward(0), 1e-12);   // the median
        assertEquals(65, rank.reward(-0.25), 1e-12); // position 1.5 of the sorted five: halfway from 60 to 70
        assertEquals(68 + Math.sqrt(370) * 0.5, z.reward(0.5), 1e-9); // mean 68, sample variance 370
        assertEquals(0.3, new RewardScale(RewardTransform.RAW).reward(0.3));
    }

    @Test
    void restoredStatisticsContinueExactly() {
        var a = new RewardScale(RewardTransform.RANK);
        for (int i = 0; i < 40; i++) {
            a.add((i * 37) % 23);
        }
        var node = Json.MAPPER.createObjectNode();
        a.save(node);
        var b = new RewardScale(RewardTransform.RANK);
        b.restore(Json.read(Json.write(node), "state"));
        for (int i = 0; i < 10; i++) {
            assertEquals(a.add(i * 2.5), b.add(i * 2.5));
        }
    }
}
