package org.nas4j.space.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNBatchNormHelper;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.junit.jupiter.api.Test;
import org.nas4j.backend.Dl4jRuntime;
import org.nas4j.space.NetworkSpec;
import org.nas4j.space.Op;
import org.nas4j.space.ReductionOp;
import org.nas4j.space.Shape;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * FastBatchNorm, FastConv and FastLayers compute what DL4J's own layers compute: outputs, gradients, running
 * statistics.
 */
class FastHelpersTest {
    private static final int BATCH = 5;
    /** Batch norms of the test network whose only consumer is a ReLU: all but the skip join's (S5_bn4). */
    private static final long FUSED = 10;
    /**
     * The seed of the weights (see {@link #drawWeights}), one for which no max pool of either test meets a near tie
     * (see {@link #assertNoNearTies}); the system property {@code weights} tries others.
     */
    private static final long WEIGHTS = 0;

    /**
     * A stem, a residual block (BN with and without the ReLU setting), dilated convolutions on an odd and an even
     * size, a strided conv reduction (its skip through an average pool of stride 2 on an odd size), a conv, max and
     * average pools of stride 1 (Same padding), a max-pool reduction, a separable convolution (its depthwise layer): several
     * BN and ReLU layers.
     */
    private static NetworkSpec spec() {
        return new NetworkSpec(new Shape(7, 7, 3), 4, 6, 3, List.of(
                new NetworkSpec.Layer(1, Op.RESIDUAL, 6, List.of()),
                new NetworkSpec.Layer(2, Op.DIL_CONV_3X3_D2, 6, List.of()),
                new NetworkSpec.Layer(3, Op.MAX_POOL_3X3, 6, List.of()),
                new NetworkSpec.Layer(4, Op.AVG_POOL_3X3, 6, List.of()),
                new NetworkSpec.Reduction(4, ReductionOp.CONV_3X3_S2, 8),
                new NetworkSpec.Layer(5, Op.CONV_3X3, 8, List.of(0)),
                new NetworkSpec.Layer(6, Op.DIL_CONV_3X3_D3, 8, List.of()),
                new NetworkSpec.Layer(7, Op.DIL_CONV_3X3_D2, 8, List.of()),
                new NetworkSpec.Reduction(7, ReductionOp.MAX_POOL_2X2, 8),
                new NetworkSpec.Layer(8, Op.CONV_3X3, 8, List.of()),
                new NetworkSpec.Layer(9, Op.SEP_CONV_3X3, 8, List.of())));
    }

    private static ComputationGraph[] pair() {
        Dl4jRuntime.configure();
        // Plain SGD: Adam would turn a gradient that is zero up to rounding (beta before another batch norm) into a full step.
        var conf = Dl4jCompiler.compile(spec(), b -> b.seed(0).updater(new Sgd(0.1))).configuration();
        var dl4j = new ComputationGraph(conf.clone());
        dl4j.init();
        drawWeights(dl4j, Long.getLong("weights", WEIGHTS));
        var fast = new ComputationGraph(conf.clone());
        fast.init(dl4j.params().dup(), true);
        assertTrue(FastBatchNorm.install(fast) >= 4);
        assertTrue(FastConv.install(fast) >= 7, "every convolution, dilated ones too, gets the helper");
        assertTrue(FastLayers.install(fast) >= 8, "the pools and ReLUs are replaced");
        assertEquals(4, Arrays.stream(fast.getLayers()).filter(l -> l instanceof FastLayers.Pool).count(), "three pool ops, the skip's average pool");
        assertTrue(Arrays.stream(fast.getVertices()).filter(v -> v.hasLayer() && v.getLayer() instanceof FastLayers.Relu).count() >= 4);
        assertEquals(1, Arrays.stream(fast.getLayers()).filter(l -> l instanceof FastLayers.Depthwise).count(), "the separable convolution's depthwise layer");
        for (Layer l : dl4j.getLayers()) {
            if (l instanceof org.deeplearning4j.nn.layers.normalization.BatchNormalization) {
                assertTrue(l.getHelper() instanceof MKLDNNBatchNormHelper, "the reference is DL4J's oneDNN path");
            }
        }
        return new ComputationGraph[] {dl4j, fast};
    }

    /**
     * Redraws every weight from {@code seed} (He-normal, as DL4J's RELU init): DL4J's own draw depends on what ran
     * before it in the JVM, so without this each run would test other weights.
     */
    private static void drawWeights(ComputationGraph g, long seed) {
        var random = new Random(seed);
        g.paramTable().forEach((name, w) -> {
            if (name.endsWith("_W")) {
                long fanIn = w.rank() == 4 ? w.length() / w.size(0) : w.size(0);
                float[] v = new float[(int) w.length()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) (random.nextGaussian() * Math.sqrt(2.0 / fanIn));
                }
                w.assign(Nd4j.create(v, w.shape(), 'c'));
            }
        });
    }

    /**
     * Fails if a max-pool window of {@code g}'s training forward pass on {@code features} holds two positive values
     * within 2e-5 of the layer input's largest value: rounding (about 1e-6 of it between DL4J's path and these
     * helpers, and between CPUs) could then send the window's gradient to either, a legitimate difference that
     * moves whole gradients (seen: 1.2x a batch-norm gradient in 1% of random weights). Exact ties of zeros (after
     * a ReLU) are harmless: the ReLU passes no gradient to any of them.
     */
    private static void assertNoNearTies(ComputationGraph g, INDArray features) {
        Map<String, INDArray> acts = g.feedForward(features, true);
        var conf = g.getConfiguration();
        conf.getVertices().forEach((name, vertex) -> {
            if (vertex instanceof LayerVertex lv && lv.getLayerConf().getLayer() instanceof SubsamplingLayer p
                    && p.getPoolingType() == PoolingType.MAX) {
                assertEquals(ConvolutionMode.Same, p.getConvolutionMode());
                INDArray x = acts.get(conf.getVertexInputs().get(name).get(0));
                int h = (int) x.size(2), w = (int) x.size(3), k = p.getKernelSize()[0], st = p.getStride()[0];
                int outH = (h + st - 1) / st, outW = (w + st - 1) / st;
                int padH = Math.max(0, (outH - 1) * st + k - h) / 2, padW = Math.max(0, (outW - 1) * st + k - w) / 2;
                float[] v = x.dup('c').data().asFloat();
                double margin = 2e-5 * x.amaxNumber().doubleValue();
                for (int plane = 0, base = 0; plane < x.size(0) * x.size(1); plane++, base += h * w) {
                    for (int oy = 0; oy < outH; oy++) {
                        for (int ox = 0; ox < outW; ox++) {
                            float first = Float.NEGATIVE_INFINITY, second = Float.NEGATIVE_INFINITY;
                            for (int y = Math.max(0, oy * st - padH); y < Math.min(h, oy * st - padH + k); y++) {
                                for (int xx = Math.max(0, ox * st - padW); xx < Math.min(w, ox * st - padW + k); xx++) {
                                    float a = v[base + y * w + xx];
                                    second = Math.max(second, Math.min(first, a));
                                    first = Math.max(first, a);
                                }
                            }
                            assertTrue(first <= 0 || first - second > margin, name + " meets a near tie (" + first + ", " + second
                                    + "): draw the test's weights from another seed");
                        }
                    }
                }
            }
        });
    }

    private static DataSet data(long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.randn(DataType.FLOAT, BATCH, 3, 7, 7).muli(2).addi(0.5);
        INDArray y = Nd4j.zeros(DataType.FLOAT, BATCH, 4);
        for (int i = 0; i < BATCH; i++) {
            y.putScalar(i, (i * 3) % 4, 1f);
        }
        return new DataSet(x, y);
    }

    private static boolean reluFused(ComputationGraph g, String vertex) {
        return g.getVertex(vertex).hasLayer() && g.getVertex(vertex).getLayer() instanceof BatchNormalization bn
                && bn.getHelper() instanceof FastBatchNorm h && h.reluApplied();
    }

    private static void assertClose(INDArray expected, INDArray actual, double tol, String what) {
        double scale = Math.max(1e-3, expected.amaxNumber().doubleValue());
        double diff = expected.castTo(DataType.DOUBLE).sub(actual.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
        assertTrue(diff <= tol * scale, what + ": max difference " + diff + " against max " + scale);
    }

    @Test
    void trainingAndInferenceOutputsAndEveryGradientMatchDl4j() {
        ComputationGraph[] g = pair();
        DataSet d = data(1);
        assertNoNearTies(g[0], d.getFeatures());
        var trainA = g[0].feedForward(d.getFeatures(), true);
        var trainB = g[1].feedForward(d.getFeatures(), true);
        for (String v : trainA.keySet()) {
            // a batch norm whose only consumer is a ReLU applies it itself, and the ReLU layer passes it on
            INDArray expected = reluFused(g[1], v) ? Transforms.relu(trainA.get(v), true) : trainA.get(v);
            assertClose(expected, trainB.get(v), 1e-4, "training activation of " + v);
        }
        assertEquals(FUSED, trainA.keySet().stream().filter(v -> reluFused(g[1], v)).count(), "batch norms that apply their ReLU, of "
                + trainA.keySet().stream().filter(v -> g[1].getVertex(v).getLayer() instanceof BatchNormalization).toList());
        assertClose(g[0].outputSingle(d.getFeatures()), g[1].outputSingle(d.getFeatures()), 1e-4, "inference output");

        g[0].setInputs(d.getFeatures());
        g[0].setLabels(d.getLabels());
        g[0].computeGradientAndScore();
        g[1].setInputs(d.getFeatures());
        g[1].setLabels(d.getLabels());
        long skipped = FastConv.SKIPPED.get();
        long spaceToBatch = FastConv.SPACE_TO_BATCH.get();
        long reused = FastConv.REUSED.get();
        long separable = SeparablePool.RUNS.get();
        long halving = HalvingPool.RUNS.get();
        g[1].computeGradientAndScore();
        assertEquals(2, HalvingPool.RUNS.get() - halving, "the max-pool reduction ran as Java loops, forward and backward");
        assertEquals(4, SeparablePool.RUNS.get() - separable, "the stride-1 max and average pools ran as separable passes, forward and backward");
        assertTrue(FastConv.SKIPPED.get() - skipped >= 7, "the backward pass skipped the forward recomputation of every convolution");
        assertEquals(6, FastConv.SPACE_TO_BATCH.get() - spaceToBatch, "three dilated convolutions ran as space-to-batch, forward and backward");
        assertEquals(3, FastConv.REUSED.get() - reused, "each dilated backward pass reused its forward pass's space-to-batch input");
        assertEquals(g[0].score(), g[1].score(), 1e-5);
        var gradA = g[0].gradient().gradientForVariable();
        var gradB = g[1].gradient().gradientForVariable();
        assertEquals(gradA.keySet(), gradB.keySet());
        for (String k : gradA.keySet()) {
            assertClose(gradA.get(k), gradB.get(k), 1e-3, "gradient " + k);
        }
    }

    @Test
    void fitUpdatesWeightsAndRunningStatisticsAsDl4jDoes() {
        ComputationGraph[] g = pair();
        for (int step = 0; step < 3; step++) {
            DataSet d = data(10 + step);
            assertNoNearTies(g[0], d.getFeatures());
            g[0].fit(d);
            g[1].fit(d);
        }
        var pa = g[0].paramTable();
        var pb = g[1].paramTable();
        assertEquals(pa.keySet(), pb.keySet());
        for (String k : pa.keySet()) {
            // 3e-3: in 400 draws of the weights without a near tie, rounding summed over three steps moved one batch-norm
            // shift (beta starts at zero, so it stays small) by 1.4e-3 of its largest value (5.7e-5); the rest stayed below 1e-3.
            assertClose(pa.get(k), pb.get(k), 3e-3, "parameter " + k + " after 3 steps");
        }
        assertTrue(pa.keySet().stream().anyMatch(k -> k.endsWith("_mean")) && pa.keySet().stream().anyMatch(k -> k.endsWith("_log10stdev")),
                "DL4J's batch-norm parameter names are kept: " + pa.keySet());
        DataSet test = data(99);
        assertClose(g[0].outputSingle(test.getFeatures()), g[1].outputSingle(test.getFeatures()), 1e-3, "inference after fit");
    }
}
