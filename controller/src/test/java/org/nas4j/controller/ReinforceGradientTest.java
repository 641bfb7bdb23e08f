package org.nas4j.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nas4j.core.Decision;
import org.nas4j.core.DecisionSpace;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The whole controller's policy gradient (LSTM, heads, attention, loss), as DL4J and SameDiff compute it,
 * against central finite differences of the loss, over parameters spread across every layer, in double precision.
 */
class ReinforceGradientTest {
    /** A tiny space with skip decisions, laid out as CnnSearchSpace lays them out (names need not say the layer). */
    static final DecisionSpace SKIPS = new DecisionSpace("skips", List.of(
            Decision.ofLayer("first", List.of("conv3", "conv5", "pool"), 1),
            Decision.ofLayer("layer2.op", List.of("conv3", "conv5", "pool"), 2),
            Decision.skip("layer2.skip.stem", 2, 0),
            Decision.ofLayer("layer3.op", List.of("conv3", "conv5"), 3),
            Decision.skip("layer3.skip.stem", 3, 0),
            Decision.skip("layer3.skip.layer1", 3, 1)));

    @ParameterizedTest(name = "skip decisions by attention: {0}")
    @ValueSource(booleans = {false, true})
    void theControllersGradientMatchesFiniteDifferences(boolean skips) {
        DecisionSpace space = skips ? SKIPS : ReinforceControllerTest.TOY;
        var controller = new ReinforceController(space, 7, new ReinforceSettings(6, 1e-3, 1.5, 2.0, 0.05, 0.9, 2, RewardTransform.RAW, 5.0, 0, 0, 0, false),
                DataType.DOUBLE);
        var net = controller.policy().network();
        // away from the zero output head the controller starts with, so that every layer's gradient is non-trivial
        net.params().assign(Nd4j.rand(DataType.DOUBLE, net.params().shape()).subi(0.5));
        int[] first = space.indices(controller.ask());
        int[] second = space.indices(controller.ask());
        INDArray[] xy = controller.policy().batch(List.of(first, second), new double[] {0.7, -1.3});
        net.setInput(xy[0]);
        net.setLabels(xy[1]);
        net.computeGradientAndScore();
        INDArray analytic = net.gradient().gradient().dup();
        INDArray params = net.params();
        var data = new DataSet(xy[0], xy[1]);
        double h = 1e-6;
        double largest = 0;
        long stride = params.length() / 50 + 1; // about 50 parameters, spread over every layer
        for (long k = 0; k < params.length(); k += stride) {
            double v = params.getDouble(k);
            params.putScalar(k, v + h);
            double plus = net.score(data);
            params.putScalar(k, v - h);
            double minus = net.score(data);
            params.putScalar(k, v);
            // DL4J's score is the mean over the batch of 2; the gradient it hands the updater is the sum
            double numeric = 2 * (plus - minus) / (2 * h);
            assertEquals(numeric, analytic.getDouble(k), 1e-6 + 1e-4 * Math.abs(numeric), "parameter " + k);
            largest = Math.max(largest, Math.abs(numeric));
        }
        assertTrue(largest > 1e-3, "the check compared non-trivial gradients");
    }
}
