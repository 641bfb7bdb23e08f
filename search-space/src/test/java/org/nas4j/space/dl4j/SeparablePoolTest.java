package org.nas4j.space.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

/** SeparablePool computes what libnd4j's {@code maxpool2d}/{@code avgpool2d} and their backward ops compute. */
class SeparablePoolTest {

    /** {@code ties}: inputs of a ReLU rounded to whole numbers, so most windows hold several equal maxima. */
    @ParameterizedTest(name = "{0} {1}x{2}, ties {3}, padding in divisor {4}")
    @CsvSource({
        "max, 6, 9, false, false",
        "max, 7, 7, true, false",
        "max, 2, 5, true, false",
        "avg, 6, 9, false, false",
        "avg, 1, 4, false, false",
        "avg, 7, 7, false, true"})
    void matchesLibnd4j(String type, int h, int w, boolean ties, boolean padInDivisor) {
        Dl4jRuntime.configure();
        Nd4j.getRandom().setSeed(h * 31L + w);
        INDArray x = Nd4j.randn(DataType.FLOAT, 3, 5, h, w);
        if (ties) {
            x = Transforms.round(Transforms.relu(x.muli(2), false), false);
        }
        INDArray eps = Nd4j.randn(DataType.FLOAT, 3, 5, h, w);
        String op = type + "pool2d";
        int[] args = {3, 3, 1, 1, 0, 0, 1, 1, 1, padInDivisor ? 1 : 0, 0};
        INDArray expected = Nd4j.create(DataType.FLOAT, x.shape());
        Nd4j.exec(DynamicCustomOp.builder(op).addInputs(x).addOutputs(expected).addIntegerArguments(args).build());
        INDArray expectedGrad = Nd4j.create(DataType.FLOAT, x.shape());
        Nd4j.exec(DynamicCustomOp.builder(op + "_bp").addInputs(x, eps).addOutputs(expectedGrad).addIntegerArguments(args).build());

        assertTrue(SeparablePool.supported(new int[] {3, 3}, new int[] {1, 1}, new int[] {1, 1}, true));
        var pool = new SeparablePool(type.equals("max"), padInDivisor);
        INDArray out = Nd4j.create(DataType.FLOAT, x.shape()).assign(Float.NaN);
        pool.forward(x, out, true);
        INDArray grad = Nd4j.create(DataType.FLOAT, x.shape()).assign(Float.NaN);
        pool.backward(x, eps, grad);
        INDArray without = Nd4j.create(DataType.FLOAT, x.shape()).assign(Float.NaN);
        new SeparablePool(type.equals("max"), padInDivisor).backward(x, eps, without);

        assertSameAsLibnd4j(expected, out, expectedGrad, grad, without, ties ? x : null);
    }

    /**
     * Every value of {@code out}, {@code grad} and {@code without} (a backward pass with no forward pass first) is
     * written and equals libnd4j's; {@code ties}, if not null, is an input in which most windows must hold ties.
     */
    static void assertSameAsLibnd4j(INDArray expected, INDArray out, INDArray expectedGrad, INDArray grad, INDArray without,
                                    INDArray ties) {
        for (INDArray written : new INDArray[] {out, grad, without}) {
            assertTrue(Double.isFinite(written.sumNumber().doubleValue()), "every value written");
        }
        assertEquals(0, expected.sub(out).amaxNumber().doubleValue(), 1e-5, "forward");
        assertEquals(0, expectedGrad.sub(grad).amaxNumber().doubleValue(), 1e-5, "backward");
        assertEquals(0, expectedGrad.sub(without).amaxNumber().doubleValue(), 1e-5, "backward without a training forward pass first");
        if (ties != null) {
            assertTrue(ties.eq(0).castTo(DataType.INT).sumNumber().intValue() > ties.length() / 3, "the input has ties to break");
        }
    }

    @ParameterizedTest
    @CsvSource({"2, 1, 1, true", "5, 1, 1, true", "3, 2, 1, true", "3, 1, 2, true", "3, 1, 1, false"})
    void leavesOtherConfigurationsToLibnd4j(int kernel, int stride, int dilation, boolean same) {
        assertFalse(SeparablePool.supported(new int[] {kernel, kernel}, new int[] {stride, stride}, new int[] {dilation, dilation}, same));
    }

    @ParameterizedTest
    @CsvSource({"false", "true"})
    void readsOnlyDenseRowMajorArrays(boolean view) {
        INDArray x = Nd4j.create(DataType.FLOAT, 2, 3, 4, 4);
        assertEquals(!view, NativeFloats.dense(view ? x.permute(0, 1, 3, 2) : x));
    }
}
