package org.nas4j.space.dl4j;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nas4j.backend.Dl4jRuntime;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** HalvingPool computes what libnd4j's {@code maxpool2d}/{@code avgpool2d} (2x2, stride 2) and their backward ops compute. */
class HalvingPoolTest {

    /** {@code ties}: inputs of a ReLU rounded to whole numbers, so most windows hold several equal maxima. */
    @ParameterizedTest(name = "{0} {1}x{2}, ties {3}, Same mode {4}")
    @CsvSource({
        "max, 6, 8, false, true",
        "max, 28, 28, true, true",
        "max, 2, 4, true, false",
        "avg, 14, 14, false, true",
        "avg, 4, 2, false, false"})
    void matchesLibnd4j(String type, int h, int w, boolean ties, boolean same) {
        Dl4jRuntime.configure();
        Nd4j.getRandom().setSeed(h * 31L + w);
        INDArray x = Nd4j.randn(DataType.FLOAT, 3, 5, h, w);
        if (ties) {
            x = Transforms.round(Transforms.relu(x.muli(2), false), false);
        }
        long[] pooled = {3, 5, h / 2, w / 2};
        INDArray eps = Nd4j.randn(DataType.FLOAT, pooled);
        String op = type + "pool2d";
        int[] args = {2, 2, 2, 2, 0, 0, 1, 1, same ? 1 : 0, 0, 0};
        INDArray expected = Nd4j.create(DataType.FLOAT, pooled);
        Nd4j.exec(DynamicCustomOp.builder(op).addInputs(x).addOutputs(expected).addIntegerArguments(args).build());
        INDArray expectedGrad = Nd4j.create(DataType.FLOAT, x.shape());
        Nd4j.exec(DynamicCustomOp.builder(op + "_bp").addInputs(x, eps).addOutputs(expectedGrad).addIntegerArguments(args).build());

        assertTrue(HalvingPool.fits(x));
        var pool = new HalvingPool(type.equals("max"));
        INDArray out = Nd4j.create(DataType.FLOAT, pooled).assign(Float.NaN);
        pool.forward(x, out, true);
        INDArray grad = Nd4j.create(DataType.FLOAT, x.shape()).assign(Float.NaN);
        pool.backward(x, eps, grad);
        INDArray without = Nd4j.create(DataType.FLOAT, x.shape()).assign(Float.NaN);
        new HalvingPool(type.equals("max")).backward(x, eps, without);

        SeparablePoolTest.assertSameAsLibnd4j(expected, out, expectedGrad, grad, without, ties ? x : null);
    }

    @ParameterizedTest
    @CsvSource({"3, 2, 0, 1", "2, 1, 0, 1", "2, 2, 1, 1", "2, 2, 0, 2"})
    void leavesOtherConfigurationsToLibnd4j(int kernel, int stride, int padding, int dilation) {
        assertFalse(HalvingPool.supported(new int[] {kernel, kernel}, new int[] {stride, stride}, new int[] {padding, padding},
                new int[] {dilation, dilation}));
        assertTrue(HalvingPool.supported(new int[] {2, 2}, new int[] {2, 2}, new int[] {0, 0}, new int[] {1, 1}));
    }

    @ParameterizedTest
    @CsvSource({"7, 8", "8, 7"})
    void leavesOddPlanesToLibnd4j(int h, int w) {
        assertFalse(HalvingPool.fits(Nd4j.create(DataType.FLOAT, 2, 3, h, w)));
    }
}
