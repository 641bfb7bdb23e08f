package org.nas4j.space.dl4j;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.VertexIndices;
import org.deeplearning4j.nn.graph.vertex.impl.LayerVertex;
import org.deeplearning4j.nn.layers.ActivationLayer;
import org.deeplearning4j.nn.layers.convolution.DepthwiseConvolution2DLayer;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.params.DepthwiseConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ConvolutionUtils;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Faster implementations of two parameter-free DL4J layers, put in place of DL4J's own objects inside a
 * graph's vertices; the configuration (and so the exported model) stays plain DL4J. Measured on 2 cores
 * (128x32x28x28, M2.1):
 * <ul>
 * <li>{@link Pool}: DL4J always runs pooling through libnd4j's {@code maxpool2d}/{@code avgpool2d} with the
 * oneDNN platform implementation, which reorders to and from oneDNN's blocked layout on every call: max
 * pooling 21 ms forward and 31 ms backward, against 4 and 12 ms for libnd4j's own loops. Here the same ops
 * run with platform helpers off for that call only (an op context's {@code allowHelpers(false)}), and the 3x3
 * stride-1 pools of the catalogue run as {@link SeparablePool}'s passes in Java, faster still, as do its 2x2
 * stride-2 reductions ({@link HalvingPool}).
 * <li>{@link Relu}: DL4J's {@code ActivationLayer} copies its input before applying the activation in place,
 * and its backward pass copies it again for {@code relu_bp} (~7 ms); here the forward writes the output
 * directly and the backward is a step mask times the gradient (2-3 ms).
 * </ul>
 * The system property {@code nas4j.fastLayers=false} leaves DL4J's layers in place (for comparisons).
 */
public final class FastLayers {
    private FastLayers() {}

    /** Replaces every supported pooling, ReLU and depthwise convolution layer of {@code graph}; returns how many. */
    static int install(ComputationGraph graph) {
        if ("false".equals(System.getProperty("nas4j.fastLayers"))) {
            return 0;
        }
        Layer[] layers = graph.getLayers();
        DataType dataType = graph.getConfiguration().getDataType();
        int n = 0;
        for (GraphVertex vertex : graph.getVertices()) {
            if (vertex instanceof LayerVertex v) {
                Layer fast = faster(v.getLayer(), dataType);
                if (fast instanceof Relu relu) {
                    relu.fuse(graph, v);
                }
                if (fast != null) {
                    fast.setIndex(v.getLayer().getIndex());
                    fast.setListeners(v.getLayer().getListeners());
                    for (int i = 0; i < layers.length; i++) {
                        if (layers[i] == v.getLayer()) {
                            layers[i] = fast;
                        }
                    }
                    v.setLayer(fast);
                    n++;
                }
            }
        }
        return n;
    }

    private static Layer faster(Layer layer, DataType dataType) {
        if (layer.getClass() == SubsamplingLayer.class && Pool.supported((org.deeplearning4j.nn.conf.layers.SubsamplingLayer) layer.getConfig())) {
            return new Pool(layer.conf(), dataType);
        }
        if (layer.getClass() == ActivationLayer.class && Relu.supported((org.deeplearning4j.nn.conf.layers.ActivationLayer) layer.getConfig())) {
            return new Relu(layer.conf(), dataType);
        }
        if (layer.getClass() == DepthwiseConvolution2DLayer.class && Depthwise.supported((DepthwiseConvolution2D) layer.getConfig())) {
            return new Depthwise((DepthwiseConvolution2DLayer) layer, dataType);
        }
        return null;
    }

    /** Runs a libnd4j op on {@code in} into {@code out} without oneDNN's platform implementation. */
    private static void withoutPlatformHelpers(String op, INDArray[] in, INDArray out, long[] iArgs) {
        try (var context = Nd4j.getExecutioner().buildContext()) {
            context.setInputArrays(in);
            context.setOutputArrays(out);
            context.setIArguments(iArgs);
            context.allowHelpers(false);
            Nd4j.getExecutioner().exec(DynamicCustomOp.builder(op).build(), context);
        } catch (Exception e) {
            throw new IllegalStateException(op + " failed on " + in[0].shapeInfoToString(), e);
        }
    }

    /** DL4J's {@code SubsamplingLayer} (NCHW, max or average, float) with libnd4j's own pooling loops. */
    static final class Pool extends SubsamplingLayer {
        private final String op;
        /** The op's integer arguments as DL4J's layer passes them (kernel, stride, padding, dilation, Same, divisor, NHWC). */
        private final long[] arguments;
        /** The separable passes for stride-1 Same pools, or null. */
        private final SeparablePool separable;
        /** The Java loops for 2x2 stride-2 pools, or null. */
        private final HalvingPool halving;

        Pool(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
            var p = (org.deeplearning4j.nn.conf.layers.SubsamplingLayer) conf.getLayer();
            int[] k = p.getKernelSize();
            int[] s = p.getStride();
            int[] pad = p.getPadding();
            int[] d = p.getDilation();
            int divisor = p.getPoolingType() == PoolingType.AVG && p.isAvgPoolIncludePadInDivisor() ? 1 : 0;
            op = p.getPoolingType() == PoolingType.MAX ? "maxpool2d" : "avgpool2d";
            arguments = new long[] {k[0], k[1], s[0], s[1], pad[0], pad[1], d[0], d[1],
                    convolutionMode == ConvolutionMode.Same ? 1 : 0, divisor, 0};
            separable = SeparablePool.supported(k, s, d, convolutionMode == ConvolutionMode.Same)
                    ? new SeparablePool(p.getPoolingType() == PoolingType.MAX, divisor == 1) : null;
            halving = HalvingPool.supported(k, s, pad, d) ? new HalvingPool(p.getPoolingType() == PoolingType.MAX) : null;
        }

        static boolean supported(org.deeplearning4j.nn.conf.layers.SubsamplingLayer conf) {
            return conf.getCnn2dDataFormat() == CNN2DFormat.NCHW && conf.getIDropout() == null
                    && (conf.getPoolingType() == PoolingType.MAX || conf.getPoolingType() == PoolingType.AVG);
        }

        @Override
        public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
            assertInputSet(false);
            if (input.dataType() != DataType.FLOAT || input.rank() != 4) {
                return super.activate(training, workspaceMgr);
            }
            var p = (org.deeplearning4j.nn.conf.layers.SubsamplingLayer) getConfig();
            int[] size = ConvolutionUtils.getOutputSize(input, p.getKernelSize(), p.getStride(), p.getPadding(), convolutionMode,
                    p.getDilation(), CNN2DFormat.NCHW);
            INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, input.dataType(),
                    new long[] {input.size(0), input.size(1), size[0], size[1]}, 'c');
            if (separable != null && NativeFloats.dense(input)) {
                separable.forward(input, out, training);
            } else if (halving != null && HalvingPool.fits(input)) {
                halving.forward(input, out, training);
            } else {
                withoutPlatformHelpers(op, new INDArray[] {input}, out, arguments);
            }
            return out;
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
            assertInputSet(true);
            if (input.dataType() != DataType.FLOAT || input.rank() != 4) {
                return super.backpropGradient(epsilon, workspaceMgr);
            }
            INDArray grad = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, input.dataType(), input.shape(), 'c');
            if (separable != null && NativeFloats.dense(input) && NativeFloats.dense(epsilon)) {
                separable.backward(input, epsilon, grad);
            } else if (halving != null && HalvingPool.fits(input) && NativeFloats.dense(epsilon)) {
                halving.backward(input, epsilon, grad);
            } else {
                withoutPlatformHelpers(op + "_bp", new INDArray[] {input, epsilon}, grad, arguments);
            }
            return new Pair<>(new DefaultGradient(), grad);
        }
    }

    /**
     * DL4J's {@code ActivationLayer} with a plain ReLU (no threshold, cap or slope, no dropout). When its input is
     * a batch-norm layer that feeds nothing else (every conv-BN-ReLU unit), the batch norm's {@link FastBatchNorm}
     * applies the ReLU in its own pass and this layer passes the values on; backward, its mask (input > 0) is the
     * same either way, since relu(z) > 0 exactly where z > 0.
     */
    static final class Relu extends ActivationLayer {
        private FastBatchNorm fused;

        Relu(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        void fuse(ComputationGraph graph, LayerVertex v) {
            VertexIndices[] in = v.getInputVertices();
            if (in != null && in.length == 1 && graph.getVertices()[in[0].getVertexIndex()] instanceof LayerVertex source
                    && source.getLayer() instanceof BatchNormalization bn && bn.getHelper() instanceof FastBatchNorm helper
                    && source.getOutputVertices().length == 1) {
                helper.fuseRelu();
                fused = helper;
            }
        }

        static boolean supported(org.deeplearning4j.nn.conf.layers.ActivationLayer conf) {
            return new ActivationReLU().equals(conf.getActivationFn()) && conf.getIDropout() == null;
        }

        @Override
        public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
            assertInputSet(false);
            if (fused != null && fused.reluApplied()) {
                return workspaceMgr.leverageTo(ArrayType.ACTIVATIONS, input);
            }
            INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, input.dataType(), input.shape(), 'c');
            Nd4j.exec(new RectifiedLinear(input, out, 0.0));
            return out;
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
            assertInputSet(true);
            INDArray grad = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, input.dataType(), input.shape(), 'c');
            Nd4j.exec(new Step(input, grad));
            return new Pair<>(new DefaultGradient(), grad.muli(epsilon));
        }
    }

    /**
     * DL4J's depthwise convolution layer with the identity activation (every nas4j depthwise convolution: a 1x1
     * convolution follows), holding the same parameter and gradient views. DL4J's backward pass first recomputes the
     * whole forward convolution, only to hand it to the identity's derivative, which never reads it: here the
     * output's gradient goes to {@code depthwise_conv2d_bp} as it is.
     */
    static final class Depthwise extends DepthwiseConvolution2DLayer {
        Depthwise(DepthwiseConvolution2DLayer layer, DataType dataType) {
            super(layer.conf(), dataType);
            setParamTable(layer.paramTable());
            setParamsViewArray(layer.params());
            if (layer.getGradientsViewArray() != null) { // else the graph sets it before its first gradient
                setBackpropGradientsViewArray(layer.getGradientsViewArray());
            }
            setCacheMode(CacheMode.NONE); // the forward output a cache keeps is read only by the recomputation left out here
        }

        static boolean supported(DepthwiseConvolution2D conf) {
            return conf.getActivationFn() instanceof ActivationIdentity && !conf.hasBias() && conf.getIDropout() == null
                    && conf.getWeightNoise() == null && conf.getCnn2dDataFormat() == CNN2DFormat.NCHW;
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
            assertInputSet(true);
            INDArray weights = getParam(DepthwiseConvolutionParamInitializer.WEIGHT_KEY);
            var conf = layerConf();
            int[] kernel = conf.getKernelSize();
            int[] strides = conf.getStride();
            int[] dilation = conf.getDilation();
            boolean same = conf.getConvolutionMode() == ConvolutionMode.Same;
            int[] pad = same ? ConvolutionUtils.getSameModeTopLeftPadding(new int[] {(int) epsilon.size(2), (int) epsilon.size(3)},
                    new int[] {(int) input.size(2), (int) input.size(3)}, kernel, strides, dilation) : conf.getPadding();
            // zeroed, as DL4J's own layer creates it
            INDArray outEpsilon = workspaceMgr.create(ArrayType.ACTIVATION_GRAD, weights.dataType(), input.shape(), 'c');
            INDArray weightGrad = gradientViews.get(DepthwiseConvolutionParamInitializer.WEIGHT_KEY);
            Nd4j.getExecutioner().exec(DynamicCustomOp.builder("depthwise_conv2d_bp")
                    .addInputs(input.castTo(weights.dataType()), weights, epsilon.castTo(weights.dataType()))
                    .addOutputs(outEpsilon, weightGrad)
                    .addIntegerArguments(kernel[0], kernel[1], strides[0], strides[1], pad[0], pad[1], dilation[0], dilation[1],
                            same ? 1 : 0, 0)
                    .build());
            Gradient gradient = new DefaultGradient();
            gradient.setGradientFor(DepthwiseConvolutionParamInitializer.WEIGHT_KEY, weightGrad, 'c');
            return new Pair<>(gradient, outEpsilon);
        }
    }
}
