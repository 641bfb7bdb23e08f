package org.nas4j.space.dl4j;

import java.lang.reflect.Field;
import java.nio.FloatBuffer;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.layers.normalization.BatchNormalizationHelper;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A faster helper for DL4J's own {@code BatchNormalization} layer (NCHW, rank 4, float): the layer, its
 * configuration, its parameters (gamma, beta, mean, log10stdev) and its running-average updates through
 * {@code fit} stay DL4J's; only the arithmetic behind the helper interface changes. Each direction is two passes
 * of Java loops over the array's n*c planes, split over ND4J's threads: per-plane sums (x and x² forward; the
 * gradient g and g*x backward), then one per-channel affine map (y = a*x + k forward, dx = a*g + b*x + k
 * backward). Measured on 2 cores (128x32x28x28): M2.1's oneDNN helper spends ~25 ms on the batch variance
 * ({@code Variance} over dimensions 0,2,3) and ~150 ms in {@code batchnorm_bp}; ND4J's row reductions and column
 * broadcasts, which this class used before, took six passes forward and nine backward, each a separate op.
 * Anything else (other ranks, NHWC, other data types) returns {@code null}, which sends the layer to DL4J's
 * built-in path.
 *
 * <p>{@link FastHelpers#install(ComputationGraph)} puts it into every batch-norm layer of a graph after
 * {@code init()} or loading. An exported model is a plain DL4J model: the helper is not part of it.
 */
public final class FastBatchNorm implements BatchNormalizationHelper {
    private static final Field HELPER;

    static {
        try {
            HELPER = BatchNormalization.class.getDeclaredField("helper");
            HELPER.setAccessible(true);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("DL4J's BatchNormalization has no 'helper' field: this DL4J version is not 1.0.0-M2.1", e);
        }
    }

    /** The last training forward pass's batch statistics, for DL4J's running averages and the backward pass. */
    private INDArray meanCache;
    private INDArray varCache;
    /** Whether this layer's only consumer is a ReLU layer whose work this helper does (see {@link #fuseRelu}). */
    private boolean relu;
    /** Whether the last forward pass applied the ReLU (false when it sent the layer to DL4J's path). */
    private boolean reluApplied;

    /**
     * Installs the helper into every batch-norm layer of {@code graph}; returns how many. The system
     * property {@code nas4j.fastBatchNorm=false} leaves DL4J's helpers in place (for comparisons).
     */
    static int install(ComputationGraph graph) {
        if ("false".equals(System.getProperty("nas4j.fastBatchNorm"))) {
            return 0;
        }
        int n = 0;
        for (Layer layer : graph.getLayers()) {
            if (layer instanceof BatchNormalization bn) {
                try {
                    HELPER.set(bn, new FastBatchNorm());
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("cannot set the batch-norm helper of " + layer.getConfig().getLayerName(), e);
                }
                n++;
            }
        }
        return n;
    }

    @Override
    public boolean checkSupported(double eps, boolean fixedGammaBeta) {
        return true;
    }

    @Override
    public boolean checkSupported() {
        return true;
    }

    @Override
    public Map<String, Long> helperMemoryUse() {
        return Map.of();
    }

    @Override
    public INDArray getMeanCache(DataType dataType) {
        return meanCache.castTo(dataType);
    }

    @Override
    public INDArray getVarCache(DataType dataType) {
        return varCache.castTo(dataType);
    }

    private static boolean supported(INDArray x, CNN2DFormat format) {
        return x.rank() == 4 && x.dataType() == DataType.FLOAT && format == CNN2DFormat.NCHW;
    }

    /**
     * Makes this helper apply the ReLU that follows the layer, in the same pass as its affine map: the caller
     * guarantees that a ReLU layer is the only consumer of the layer's output and that it passes its input on
     * while {@link #reluApplied()}. Its backward pass stays as it is: the mask of relu(z) > 0 is that of z > 0.
     */
    void fuseRelu() {
        relu = true;
    }

    boolean reluApplied() {
        return reluApplied;
    }

    @Override
    public INDArray preOutput(INDArray x, boolean training, long[] shape, INDArray gamma, INDArray beta, INDArray mean,
                              INDArray var, double decay, double eps, CNN2DFormat format, LayerWorkspaceMgr workspaceMgr) {
        reluApplied = false;
        if (!supported(x, format)) {
            return null;
        }
        x = NativeFloats.dense(x) ? x : x.dup('c');
        var p = new Planes(x);
        FloatBuffer in = NativeFloats.buffer(x);
        float[] m;
        float[] v;
        if (training) {
            double[][] sums = p.sums(in, null);
            m = new float[p.c];
            v = new float[p.c];
            for (int ch = 0; ch < p.c; ch++) {
                double mc = sums[0][ch] / p.m;
                m[ch] = (float) mc;
                v[ch] = (float) Math.max(0, sums[1][ch] / p.m - mc * mc); // rounding can leave E[x²] - mean² below zero
            }
            try (var ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                meanCache = Nd4j.createFromArray(m);
                varCache = Nd4j.createFromArray(v);
            }
        } else {
            m = mean.toFloatVector();
            v = var.toFloatVector();
        }
        float[] g = gamma.toFloatVector();
        float[] b = beta.toFloatVector();
        float[] a = new float[p.c];
        float[] k = new float[p.c];
        for (int ch = 0; ch < p.c; ch++) {
            a[ch] = (float) (g[ch] / Math.sqrt(v[ch] + eps));
            k[ch] = b[ch] - m[ch] * a[ch];
        }
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, x.dataType(), x.shape());
        p.affine(in, a, null, null, k, relu, NativeFloats.buffer(out));
        reluApplied = relu;
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray input, INDArray epsilon, long[] shape, INDArray gamma,
                                                     INDArray beta, INDArray dGammaView, INDArray dBetaView, double eps,
                                                     CNN2DFormat format, LayerWorkspaceMgr workspaceMgr) {
        if (!supported(input, format) || meanCache == null || meanCache.length() != input.size(1)) {
            return null;
        }
        float[] mu = meanCache.toFloatVector();
        float[] sigma2 = varCache.toFloatVector();
        INDArray x = NativeFloats.dense(input) ? input : input.dup('c');
        INDArray e = NativeFloats.dense(epsilon) ? epsilon : epsilon.dup('c');
        var p = new Planes(x);
        FloatBuffer xs = NativeFloats.buffer(x);
        FloatBuffer es = NativeFloats.buffer(e);
        // y = gamma * xhat + beta, xhat = (x - mean) * invStd, with the batch's mean and variance:
        // dBeta = sum e; dGamma = sum e * xhat = (sum e*x - mean * dBeta) * invStd;
        // dx = a*e + b*x + k with a = gamma*invStd, b = -a*invStd*dGamma/m, k = -a*dBeta/m - b*mean.
        double[][] sums = p.sums(es, xs);
        float[] g = gamma.toFloatVector();
        float[] dBeta = new float[p.c];
        float[] dGamma = new float[p.c];
        float[] a = new float[p.c];
        float[] b = new float[p.c];
        float[] k = new float[p.c];
        for (int ch = 0; ch < p.c; ch++) {
            double invStd = 1 / Math.sqrt(sigma2[ch] + eps);
            double db = sums[0][ch];
            double dg = (sums[1][ch] - mu[ch] * db) * invStd;
            double ac = g[ch] * invStd;
            double bc = -ac * invStd * dg / p.m;
            dBeta[ch] = (float) db;
            dGamma[ch] = (float) dg;
            a[ch] = (float) ac;
            b[ch] = (float) bc;
            k[ch] = (float) (-ac * db / p.m - bc * mu[ch]);
        }
        INDArray dx = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, x.dataType(), x.shape());
        p.affine(es, a, xs, b, k, false, NativeFloats.buffer(dx));
        dGammaView.assign(Nd4j.createFromArray(dGamma).reshape(dGammaView.shape()));
        dBetaView.assign(Nd4j.createFromArray(dBeta).reshape(dBetaView.shape()));
        Gradient gradient = new DefaultGradient();
        gradient.setGradientFor(BatchNormalizationParamInitializer.GAMMA, dGammaView);
        gradient.setGradientFor(BatchNormalizationParamInitializer.BETA, dBetaView);
        return new Pair<>(gradient, dx);
    }

    /** The planes of a dense NCHW array: n*c of them, h*w values each; plane i is of channel i % c. */
    private static final class Planes {
        final int c;
        final int size;
        final int count;
        /** Values per channel. */
        final double m;

        Planes(INDArray x) {
            c = (int) x.size(1);
            size = (int) (x.size(2) * x.size(3));
            count = (int) (x.size(0) * c);
            m = (double) x.length() / c;
        }

        /**
         * Per channel, the sum of u and, when v is null, the sum of u², else the sum of u*v: each plane in float with four partial sums (a
         * dependency chain per sum would halve the speed), the planes of a channel in double.
         */
        double[][] sums(FloatBuffer u, FloatBuffer v) {
            double[] first = new double[count];
            double[] second = new double[count];
            NativeFloats.forEach(count, i -> {
                float[][] s = NativeFloats.scratch(size);
                float[] a = s[0];
                float[] b = v == null ? a : s[1];
                u.get(i * size, a, 0, size);
                if (v != null) {
                    v.get(i * size, b, 0, size);
                }
                float s0 = 0, s1 = 0, s2 = 0, s3 = 0, q0 = 0, q1 = 0, q2 = 0, q3 = 0;
                int j = 0;
                for (; j + 3 < size; j += 4) {
                    s0 += a[j];
                    s1 += a[j + 1];
                    s2 += a[j + 2];
                    s3 += a[j + 3];
                    q0 += a[j] * b[j];
                    q1 += a[j + 1] * b[j + 1];
                    q2 += a[j + 2] * b[j + 2];
                    q3 += a[j + 3] * b[j + 3];
                }
                for (; j < size; j++) {
                    s0 += a[j];
                    q0 += a[j] * b[j];
                }
                first[i] = (s0 + s1) + (s2 + s3);
                second[i] = (q0 + q1) + (q2 + q3);
            });
            double[][] perChannel = new double[2][c];
            for (int i = 0; i < count; i++) {
                perChannel[0][i % c] += first[i];
                perChannel[1][i % c] += second[i];
            }
            return perChannel;
        }

        /**
         * out = a*u + b*v + k with per-channel a, b and k (v and b may be null), then max(0, out) if {@code relu}.
         */
        void affine(FloatBuffer u, float[] a, FloatBuffer v, float[] b, float[] k, boolean relu, FloatBuffer out) {
            NativeFloats.forEach(count, i -> {
                float[][] s = NativeFloats.scratch(size);
                float[] x = s[0];
                float[] y = s[1];
                int ch = i % c;
                float ac = a[ch];
                float kc = k[ch];
                u.get(i * size, x, 0, size);
                if (v == null) {
                    for (int j = 0; j < size; j++) {
                        x[j] = x[j] * ac + kc;
                    }
                } else {
                    float bc = b[ch];
                    v.get(i * size, y, 0, size);
                    for (int j = 0; j < size; j++) {
                        x[j] = x[j] * ac + y[j] * bc + kc;
                    }
                }
                if (relu) {
                    for (int j = 0; j < size; j++) {
                        x[j] = Math.max(x[j], 0f);
                    }
                }
                out.put(i * size, x, 0, size);
            });
        }
    }
}
