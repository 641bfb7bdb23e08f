package org.nas4j.controller;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nas4j.core.Architecture;
import org.nas4j.core.Decision;
import org.nas4j.core.DecisionSpace;
import org.nas4j.core.PolicyStep;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class ReinforceControllerTest {
    static final DecisionSpace TOY = new DecisionSpace("toy", List.of(
            new Decision("a", List.of("a0", "a1", "a2", "a3", "a4")), new Decision("b", List.of("b0", "b1", "b2")),
            new Decision("c", List.of("c0", "c1", "c2", "c3")), new Decision("d", List.of("d0", "d1"))));

    @Test
    void theLossGradientMatchesFiniteDifferences() {
        var loss = new PolicyGradientLoss(new int[] {0, 0, 0, 3, 3}, new int[] {3, 3, 3, 5, 5}, 1.5, 2.0, 0.1);
        var random = new SplitMix(1);
        double[][] z = new double[4][5];
        for (double[] row : z) {
            for (int k = 0; k < row.length; k++) {
                row[k] = random.nextDouble() * 4 - 2;
            }
        }
        double[][] y = new double[4][5];
        y[0][1] = 0.7;   // decision 1, choice 1, advantage 0.7
        y[1][4] = -1.3;  // decision 2, choice 1, advantage -1.3
        y[2][0] = 2.0;
        y[3][3] = 1e-12;
        var labels = Nd4j.createFromArray(y).castTo(DataType.DOUBLE);
        var preOutput = Nd4j.createFromArray(z).castTo(DataType.DOUBLE);
        double[][] analytic = loss.computeGradient(labels, preOutput, null, null).toDoubleMatrix();
        double h = 1e-6;
        for (int r = 0; r < 4; r++) {
            for (int k = 0; k < 5; k++) {
                double[][] plus = copy(z);
                double[][] minus = copy(z);
                plus[r][k] += h;
                minus[r][k] -= h;
                double numeric = (loss.computeScore(labels, Nd4j.createFromArray(plus), null, null, false)
                        - loss.computeScore(labels, Nd4j.createFromArray(minus), null, null, false)) / (2 * h);
                assertEquals(numeric, analytic[r][k], 1e-6, "row " + r + " column " + k);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"toy", "skips"})
    void theProbabilityOfTheOneGoodArchitectureRisesOverUpdates(String name) {
        boolean skips = name.equals("skips");
        DecisionSpace space = skips ? ReinforceGradientTest.SKIPS : TOY;
        int updates = 150;
        var controller = new ReinforceController(space, 5, new ReinforceSettings(32, skips ? 5e-3 : 2e-2, 1.5, 1.0, 1e-4, 0.9, 1, RewardTransform.RAW, 5.0, 0, 0, 0, false));
        Architecture best = skips ? space.architecture(2, 1, 1, 0, 0, 1) : space.architecture(3, 1, 2, 0);
        int[] target = space.indices(best);
        double before = controller.probability(best);
        for (int i = 0; i < updates; i++) {
            Architecture a = controller.ask();
            int[] idx = space.indices(a);
            double reward = 0;
            for (int d = 0; d < idx.length; d++) {
                reward += idx[d] == target[d] ? 1.0 / idx.length : 0;
            }
            controller.tell(a, reward);
        }
        double after = controller.probability(best);
        assertTrue(after > 10 * before, "p(best) " + before + " -> " + after);
        List<PolicyStep> steps = controller.takePolicySteps();
        assertEquals(updates, steps.size());
        assertTrue(steps.get(updates - 1).entropy() < steps.get(0).entropy(), "the policy sharpens");
        assertTrue(controller.takePolicySteps().isEmpty(), "steps are handed out once");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"toy", "skips"})
    void samplingStepByStepGivesTheProbabilitiesOfTheTrainedNetwork(String name) {
        DecisionSpace space = name.equals("skips") ? ReinforceGradientTest.SKIPS : TOY;
        var controller = new ReinforceController(space, 9, new ReinforceSettings(8, 5e-2, 1.5, 1.0, 1e-4, 0.9, 1, RewardTransform.RAW, 5.0, 0, 0, 0, false));
        for (int i = 0; i < 5; i++) {
            controller.tell(controller.ask(), i % 2); // move the weights away from their initial values
        }
        for (int i = 0; i < 5; i++) {
            int[] actions = space.indices(controller.ask());
            var out = controller.policy().network().output(controller.policy().batch(List.of(actions), new double[] {1})[0]);
            double whole = 1;
            for (int t = 0; t < actions.length; t++) {
                double[] z = out.get(NDArrayIndex.point(0), NDArrayIndex.all(), NDArrayIndex.point(t)).castTo(DataType.DOUBLE).toDoubleVector();
                int from = controller.policy().offset(t);
                whole *= controller.policy().loss().probabilities(z, from, controller.policy().offset(t + 1))[actions[t]];
            }
            assertEquals(whole, controller.probability(space.architecture(actions)), 1e-5 * whole);
        }
    }

    @Test
    void seedZeroIsASeedLikeAnyOther() {
        // DL4J takes seed 0 as "no seed" and initialises at random; the controller must not
        java.util.function.Supplier<List<String>> run = () -> {
            var c = new ReinforceController(TOY, 0, ReinforceSettings.defaults());
            var keys = new java.util.ArrayList<String>();
            for (int i = 0; i < 20; i++) {
                Architecture a = c.ask();
                keys.add(a.key());
                c.tell(a, TOY.indices(a)[0]);
            }
            return keys;
        };
        assertEquals(run.get(), run.get());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"toy", "skips"})
    void theFirstPolicyIsUniform(String name) {
        DecisionSpace space = name.equals("skips") ? ReinforceGradientTest.SKIPS : TOY;
        var controller = new ReinforceController(space, 3, ReinforceSettings.defaults());
        double uniform = 1 / space.size().doubleValue();
        for (int i = 0; i < 5; i++) {
            assertEquals(uniform, controller.probability(space.sample(new java.util.Random(i))), 1e-6 * uniform);
        }
    }

    @Test
    void neverProposesAnArchitectureTwiceUntilEveryOneWasProposed() {
        var defaults = ReinforceSettings.defaults();
        var settings = new ReinforceSettings(16, 5e-2, defaults.tanhConstant(), defaults.temperature(), defaults.entropyWeight(),
                defaults.baselineDecay(), 1, defaults.rewards(), defaults.clip(), 5, 1.0, 0, true);
        var controller = new ReinforceController(TOY, 4, settings);
        var keys = new java.util.HashSet<String>();
        int all = TOY.size().intValue();
        for (int i = 0; i < all; i++) {
            Architecture a = controller.ask();
            assertTrue(keys.add(a.key()), "proposal " + i + " repeats " + a.key());
            controller.tell(a, TOY.indices(a)[0] == 3 ? 1 : 0); // a sharp policy makes the unseen rare
        }
        TOY.validate(controller.ask()); // an exhausted space still gets a proposal
    }

    /** The probability of one architecture after two updates that reward it, with PPO's epochs and clip. */
    private static double afterTwoRewards(int epochs, double ratioClip) {
        var settings = new ReinforceSettings(16, 2e-3, 1.5, 1.0, 0, 0.9, 1, RewardTransform.RAW, 5.0, 0, 0, 2, false,
                epochs, ratioClip);
        var controller = new ReinforceController(TOY, 6, settings);
        Architecture good = TOY.architecture(new int[] {3, 1, 2, 0});
        controller.tell(TOY.architecture(new int[] {0, 0, 0, 1}), 0); // sets the baseline: advantage 0
        controller.tell(good, 1); // advantage 0.9; the update learns from both
        return controller.probability(good);
    }

    @Test
    void ppoEpochsLearnMoreFromEachUpdateAndTheClipBoundsIt() {
        double uniform = 1 / TOY.size().doubleValue();
        double once = afterTwoRewards(1, 0.2);
        double fourTimes = afterTwoRewards(4, 0.2);
        double clippedTight = afterTwoRewards(4, 1e-3);
        assertTrue(once > uniform, "one pass learns: " + once + " against uniform " + uniform);
        assertTrue(fourTimes / uniform - 1 > 2 * (once / uniform - 1), "four passes learn more: " + fourTimes + " against " + once);
        // with a tiny clip, every pass after the first finds the ratio beyond the clip and learns nothing more
        assertEquals(once, clippedTight, 1e-3 * once);
    }

    @Test
    void skipDecisionsAttendToTheLastDecisionOfTheLayerTheyComeFrom() {
        // first (layer 1), layer2.op, layer2.skip.stem, layer3.op, layer3.skip.stem, layer3.skip.layer1
        assertArrayEquals(new int[] {0, 1, 0, 3, 0, 0}, Policy.anchors(ReinforceGradientTest.SKIPS));
    }

    private static double[][] copy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }
}
