package org.nas4j.space.dl4j;

import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer.AlgoMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer.BwdDataAlgo;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer.BwdFilterAlgo;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer.FwdAlgo;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ConvolutionUtils;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * DL4J's oneDNN helper for a {@code ConvolutionLayer} with the identity activation (every nas4j
 * convolution: batch norm follows), doing less work than DL4J 1.0.0-M2.1 does:
 * <ul>
 * <li>its backward pass first recomputes the whole forward convolution, only to pass the result to the
 * activation's derivative, which for the identity never reads it: here that recomputation returns an
 * uninitialised array of the output's shape, and the layer's cache mode becomes {@code NONE}: with a helper,
 * DL4J never reads the copy of the forward output that {@code CacheMode.DEVICE} keeps (reference-CNN step
 * 154 against 150 ms);
 * <li>a dilated convolution (stride 1, Same padding) has no oneDNN path in M2.1, and DL4J's fallback
 * costs several 3x3 convolutions: here it runs as space-to-batch, a dense convolution with the same
 * weights on d*d smaller images, and batch-to-space (TensorFlow's formulation), forward and backward; the
 * backward pass reuses the forward pass's batch of the same input.
 * </ul>
 * Every real convolution is DL4J's oneDNN helper's. The layer, its parameters and the exported model
 * are plain DL4J.
 */
public final class FastConv extends MKLDNNConvHelper {
    private static final Field HELPER;
    private static final StackWalker STACK = StackWalker.getInstance();
    private static final int[] ONE = {1, 1};
    private static final int[] ZERO = {0, 0};
    /** Forward recomputations skipped so far (for tests). */
    static final AtomicLong SKIPPED = new AtomicLong();
    /** Dilated convolutions run as space-to-batch so far, forward and backward (for tests). */
    static final AtomicLong SPACE_TO_BATCH = new AtomicLong();
    /** Dilated backward passes that reused their forward pass's space-to-batch input so far (for tests). */
    static final AtomicLong REUSED = new AtomicLong();

    static {
        try {
            HELPER = ConvolutionLayer.class.getDeclaredField("helper");
            HELPER.setAccessible(true);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("DL4J's ConvolutionLayer has no 'helper' field: this DL4J version is not 1.0.0-M2.1", e);
        }
    }

    /** A dilated layer's last forward input and its space-to-batch form, for the backward pass on the same input. */
    private INDArray batchedInput;
    private INDArray batched;

    private FastConv(DataType dataType) {
        super(dataType);
    }

    /**
     * Wraps the helper of every plain convolution layer of {@code graph} with the identity activation and a
     * DL4J oneDNN helper (dilated ones too, when stride 1 and Same padding); returns how many. The system
     * property {@code nas4j.fastConv=false} leaves them alone.
     */
    static int install(ComputationGraph graph) {
        if ("false".equals(System.getProperty("nas4j.fastConv"))) {
            return 0;
        }
        int n = 0;
        for (Layer layer : graph.getLayers()) {
            if (layer.getClass() == ConvolutionLayer.class && layer.getHelper() instanceof MKLDNNConvHelper h
                    && !(h instanceof FastConv) && supported((org.deeplearning4j.nn.conf.layers.ConvolutionLayer) layer.getConfig())) {
                try {
                    HELPER.set(layer, new FastConv(layer.getParam("W").dataType()));
                    layer.setCacheMode(CacheMode.NONE); // the copy CacheMode.DEVICE keeps is read only when there is no helper
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("cannot set the convolution helper of " + layer.getConfig().getLayerName(), e);
                }
                n++;
            }
        }
        return n;
    }

    private static boolean supported(org.deeplearning4j.nn.conf.layers.ConvolutionLayer conf) {
        boolean dense = Arrays.stream(conf.getDilation()).allMatch(d -> d == 1);
        boolean dilatable = conf.getConvolutionMode() == ConvolutionMode.Same && conf.getCnn2dDataFormat() == CNN2DFormat.NCHW
                && Arrays.stream(conf.getStride()).allMatch(s -> s == 1) && Arrays.stream(conf.getKernelSize()).allMatch(k -> k % 2 == 1);
        return conf.getActivationFn() instanceof ActivationIdentity && (dense || dilatable);
    }

    /** Whether DL4J's ConvolutionLayer.backpropGradient is the caller (a few frames up). */
    private static boolean recomputedForBackprop() {
        return STACK.walk(frames -> frames.limit(6).anyMatch(f -> f.getMethodName().equals("backpropGradient")
                && f.getClassName().equals(ConvolutionLayer.class.getName())));
    }

    private static boolean dilated(int[] dilation) {
        return dilation[0] > 1 || dilation[1] > 1;
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
        if (dilated(dilation)) {
            SPACE_TO_BATCH.incrementAndGet();
            var g = new Grid(input, kernel, dilation);
            // with the layer's activations, so that the backward pass on the same input finds it still valid
            batched = g.toBatch(input, g.pad, workspaceMgr.create(ArrayType.ACTIVATIONS, input.dataType(),
                    g.shape(input.size(1), g.rows, g.cols)));
            batchedInput = input;
            INDArray out = super.preOutput(batched, weights, bias, kernel, ONE, ZERO, algoMode, fwdAlgo,
                    ConvolutionMode.Truncate, ONE, format, workspaceMgr);
            return g.fromBatch(out, 0, workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, input.dataType(),
                    input.size(0), weights.size(0), input.size(2), input.size(3)));
        }
        return super.preOutput(input, weights, bias, kernel, strides, pad, algoMode, fwdAlgo, convolutionMode, dilation,
                format, workspaceMgr);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray input, INDArray weights, INDArray bias, INDArray delta,
                                                     int[] kernel, int[] strides, int[] pad, INDArray biasGradView,
                                                     INDArray weightGradView, IActivation afn, AlgoMode algoMode,
                                                     BwdFilterAlgo bwdFilterAlgo, BwdDataAlgo bwdDataAlgo,
                                                     ConvolutionMode convolutionMode, int[] dilation, CNN2DFormat format,
                                                     LayerWorkspaceMgr workspaceMgr) {
        if (!dilated(dilation)) {
            return super.backpropGradient(input, weights, bias, delta, kernel, strides, pad, biasGradView, weightGradView,
                    afn, algoMode, bwdFilterAlgo, bwdDataAlgo, convolutionMode, dilation, format, workspaceMgr);
        }
        SPACE_TO_BATCH.incrementAndGet();
        var g = new Grid(input, kernel, dilation);
        INDArray x = input == batchedInput ? batched : null;
        batchedInput = null;
        batched = null;
        if (x == null) {
            x = g.toBatch(input, g.pad, g.rows, g.cols);
        } else {
            REUSED.incrementAndGet();
        }
        Pair<Gradient, INDArray> result = super.backpropGradient(x, weights, bias, g.toBatch(delta, 0, g.outRows, g.outCols), kernel,
                ONE, ZERO, biasGradView, weightGradView, afn, algoMode, bwdFilterAlgo, bwdDataAlgo, ConvolutionMode.Truncate, ONE, format,
                workspaceMgr);
        INDArray epsilon = g.fromBatch(result.getSecond(), g.pad,
                workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, input.dataType(), input.shape()));
        return new Pair<>(result.getFirst(), epsilon);
    }

    /**
     * The space-to-batch geometry of a Same, stride-1 convolution with dilation d on an NCHW input of
     * height h: the input padded by {@code pad = d(k-1)/2} on every side and then up to a multiple of d,
     * split into its d*d phases (rows a, a+d, a+2d, ... and likewise columns), each a batch of images on
     * which the dilated convolution is a dense, unpadded one; its outputs interleave back.
     */
    private static final class Grid {
        final int pad;
        final long n;
        final int dy;
        final int dx;
        final long rows;
        final long cols;
        final long outRows;
        final long outCols;

        Grid(INDArray input, int[] kernel, int[] dilation) {
            n = input.size(0);
            long h = input.size(2);
            long w = input.size(3);
            dy = dilation[0];
            dx = dilation[1];
            if (dy * (kernel[0] - 1) != dx * (kernel[1] - 1)) {
                throw new IllegalArgumentException("space-to-batch needs the same padding on both axes, not kernel "
                        + Arrays.toString(kernel) + " with dilation " + Arrays.toString(dilation));
            }
            pad = dy * (kernel[0] - 1) / 2;
            rows = (h + 2L * pad + dy - 1) / dy;
            cols = (w + 2L * pad + dx - 1) / dx;
            outRows = rows - (kernel[0] - 1);
            outCols = cols - (kernel[1] - 1);
        }

        /** The shape of a batch of phases r x q of c channels: [dy*dx*n, c, r, q]. */
        long[] shape(long c, long r, long q) {
            return new long[] {(long) dy * dx * n, c, r, q};
        }

        /** x [n, c, h, w] placed at offset {@code at} of a zero [n, c, r*dy, q*dx] and split into [dy*dx*n, c, r, q]. */
        INDArray toBatch(INDArray x, int at, long r, long q) {
            return toBatch(x, at, Nd4j.zeros(x.dataType(), shape(x.size(1), r, q)));
        }

        /** {@link #toBatch(INDArray, int, long, long)} into {@code batch}, zero and of {@link #shape}. */
        INDArray toBatch(INDArray x, int at, INDArray batch) {
            phases(batch, x, at, (phase, image) -> phase.assign(image));
            return batch;
        }

        /** The inverse of {@link #toBatch}: batch [dy*dx*n, c, r, q] interleaved to [n, c, r*dy, q*dx], cropped at {@code at} into {@code into}. */
        INDArray fromBatch(INDArray batch, int at, INDArray into) {
            phases(batch, into, at, (phase, image) -> image.assign(phase));
            return into;
        }

        /**
         * For each phase (a, b), hands {@code copy} the part of the batch that phase fills and the strided view of
         * the image it corresponds to: rows a, a+dy, ... of the image placed at offset {@code at} (and likewise
         * columns), those that fall inside it. Strided copies of 4-d views are several times faster in ND4J than
         * one permutation of a 6-d view.
         */
        private void phases(INDArray batch, INDArray image, int at, BiConsumer<INDArray, INDArray> copy) {
            long rows = image.size(2);
            long cols = image.size(3);
            for (int a = 0; a < dy; a++) {
                for (int b = 0; b < dx; b++) {
                    long i0 = Math.max(0, Math.floorDiv(at - a + dy - 1, dy));
                    long j0 = Math.max(0, Math.floorDiv(at - b + dx - 1, dx));
                    long y0 = a + dy * i0 - at;
                    long x0 = b + dx * j0 - at;
                    if (y0 >= rows || x0 >= cols) {
                        continue;
                    }
                    long ni = (rows - y0 + dy - 1) / dy;
                    long nj = (cols - x0 + dx - 1) / dx;
                    long p = (long) (a * dx + b) * n;
                    copy.accept(batch.get(NDArrayIndex.interval(p, p + n), NDArrayIndex.all(), NDArrayIndex.interval(i0, i0 + ni),
                                    NDArrayIndex.interval(j0, j0 + nj)),
                            image.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(y0, dy, rows),
                                    NDArrayIndex.interval(x0, dx, cols)));
                }
            }
        }
    }
}
