package org.nas4j.space.dl4j;

import java.lang.reflect.Field;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer.AlgoMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer.FwdAlgo;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ConvolutionUtils;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's oneDNN helper for a {@code ConvolutionLayer} with the identity activation (every nas4j
 * convolution: batch norm follows) to skip work DL4J 1.0.0-M2.1 does for nothing: its backward pass
 * first recomputes the whole forward convolution, only to pass the result to the activation's
 * derivative, which for the identity never reads it. Here that recomputation returns an uninitialised
 * array of the output's shape; every real forward pass and the backward pass itself are DL4J's oneDNN
 * helper's. The layer, its parameters and the exported model are plain DL4J.
 */
public final class FastConv extends MKLDNNConvHelper {
    private static final Field HELPER;
    private static final StackWalker STACK = StackWalker.getInstance();
    /** Forward recomputations skipped so far (for tests). */
    static final java.util.concurrent.atomic.AtomicLong SKIPPED = new java.util.concurrent.atomic.AtomicLong();

    static {
        try {
            HELPER = ConvolutionLayer.class.getDeclaredField("helper");
            HELPER.setAccessible(true);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("DL4J's ConvolutionLayer has no 'helper' field: this DL4J version is not 1.0.0-M2.1", e);
        }
    }

    private FastConv(DataType dataType) {
        super(dataType);
    }

    /**
     * Wraps the helper of every plain convolution layer of {@code graph} with the identity activation and a
     * DL4J helper; returns how many. The system property {@code nas4j.fastConv=false} leaves them alone.
     */
    static int install(ComputationGraph graph) {
        if ("false".equals(System.getProperty("nas4j.fastConv"))) {
            return 0;
        }
        int n = 0;
        for (Layer layer : graph.getLayers()) {
            if (layer.getClass() == ConvolutionLayer.class && layer.getHelper() instanceof MKLDNNConvHelper h
                    && !(h instanceof FastConv)
                    && java.util.Arrays.stream(((org.deeplearning4j.nn.conf.layers.ConvolutionLayer) layer.getConfig()).getDilation()).allMatch(d -> d == 1)
                    && ((org.deeplearning4j.nn.conf.layers.ConvolutionLayer) layer.getConfig()).getActivationFn() instanceof ActivationIdentity) {
                try {
                    HELPER.set(layer, new FastConv(layer.getParam("W").dataType()));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("cannot set the convolution helper of " + layer.getConfig().getLayerName(), e);
                }
                n++;
            }
        }
        return n;
    }

    /** Whether DL4J's ConvolutionLayer.backpropGradient is the caller (a few frames up). */
    private static boolean recomputedForBackprop() {
        return STACK.walk(frames -> frames.limit(6).anyMatch(f -> f.getMethodName().equals("backpropGradient")
                && f.getClassName().equals(ConvolutionLayer.class.getName())));
    }

    @Override
    public INDArray preOutput(INDArray input, INDArray weights, INDArray bias, int[] kernel, int[] strides, int[] pad,
                              AlgoMode algoMode, FwdAlgo fwdAlgo, ConvolutionMode convolutionMode, int[] dilation,
                              CNN2DFormat format, LayerWorkspaceMgr workspaceMgr) {
        if (recomputedForBackprop()) {
            SKIPPED.incrementAndGet();
            int[] out = ConvolutionUtils.getOutputSize(input, kernel, strides, pad, convolutionMode, dilation, format);
            long n = input.size(0);
            long c = weights.size(0);
            long[] shape = format == CNN2DFormat.NCHW ? new long[] {n, c, out[0], out[1]} : new long[] {n, out[0], out[1], c};
            return workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, input.dataType(), shape);
        }
        return super.preOutput(input, weights, bias, kernel, strides, pad, algoMode, fwdAlgo, convolutionMode, dilation,
                format, workspaceMgr);
    }
}
