package org.nas4j.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nas4j.core.Architecture;
import org.nas4j.core.Decision;
import org.nas4j.core.DecisionSpace;
import org.nas4j.core.PolicyStep;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

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

    @Test
    void theProbabilityOfTheOneGoodArchitectureRisesOverUpdates() {
        var controller = new ReinforceController(TOY, 5, new ReinforceSettings(32, 2e-2, 1.5, 1.0, 1e-4, 0.9, 1, false, 5.0));
        Architecture best = TOY.architecture(3, 1, 2, 0);
        double before = controller.probability(best);
        for (int i = 0; i < 150; i++) {
            Architecture a = controller.ask();
            int[] idx = TOY.indices(a);
            int[] target = TOY.indices(best);
            double reward = 0;
            for (int d = 0; d < idx.length; d++) {
                reward += idx[d] == target[d] ? 0.25 : 0;
            }
            controller.tell(a, reward);
        }
        double after = controller.probability(best);
        assertTrue(after > 10 * before, "p(best) " + before + " -> " + after);
        List<PolicyStep> steps = controller.takePolicySteps();
        assertEquals(150, steps.size());
        assertTrue(steps.get(149).entropy() < steps.get(0).entropy(), "the policy sharpens");
        assertTrue(controller.takePolicySteps().isEmpty(), "steps are handed out once");
    }

    private static double[][] copy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }
}
