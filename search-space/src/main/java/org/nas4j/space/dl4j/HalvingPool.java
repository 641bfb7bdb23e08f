package org.nas4j.space.dl4j;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * 2x2 max and average pooling of stride 2 (the catalogue's reductions) over dense NCHW float planes of even height
 * and width, where no padding is involved in either convolution mode: forward and backward as one Java loop per
 * plane, the planes split over ND4J's threads. The windows do not overlap, so the backward pass writes every input
 * gradient once, with no accumulation. A training forward pass of max pooling keeps, in one byte per output, which
 * of the window's four positions held its first maximum in row-major order (libnd4j's choice); the backward pass
 * sends each gradient there (and recomputes those bytes first if its input is not the last training forward pass's).
 *
 * <p>Why: libnd4j's {@code maxpool2d_bp} searches every window again: for 128x32x28x28 on 2 cores it took 11.2-11.7 ms
 * against 5.2-5.6 ms here (forward 3.3-4.8 against 3.4-3.7 ms); see the README's speed section for the network's gain.
 */
final class HalvingPool {
    /** Forward and backward passes run here so far (for tests). */
    static final AtomicLong RUNS = new AtomicLong();

    private final boolean max;
    /** For max pooling, each output's window position of its first maximum (row * 2 + column), of input {@link #argmaxOf}. */
    private byte[] argmax = new byte[0];
    private INDArray argmaxOf;

    HalvingPool(boolean max) {
        this.max = max;
    }

    /** Whether a pooling configuration is one this class computes: 2x2, stride 2, no padding, no dilation. */
    static boolean supported(int[] kernel, int[] stride, int[] padding, int[] dilation) {
        int[] two = {2, 2};
        return Arrays.equals(kernel, two) && Arrays.equals(stride, two) && Arrays.equals(padding, new int[] {0, 0})
                && Arrays.equals(dilation, new int[] {1, 1});
    }

    /** Whether this class can pool {@code x}: dense, and of even height and width (so that no window is padded). */
    static boolean fits(INDArray x) {
        return NativeFloats.dense(x) && x.size(2) % 2 == 0 && x.size(3) % 2 == 0;
    }

    /** Pools {@code x} into {@code y} (null: only the max positions); when {@code training}, a max pool keeps those. */
    void forward(INDArray x, INDArray y, boolean training) {
        RUNS.incrementAndGet();
        int h = (int) x.size(2);
        int w = (int) x.size(3);
        int size = h * w;
        int outs = size / 4;
        FloatBuffer in = NativeFloats.buffer(x);
        FloatBuffer out = y == null ? null : NativeFloats.buffer(y);
        boolean keep = max && training;
        if (keep) {
            argmax = argmax.length < x.length() / 4 ? new byte[(int) x.length() / 4] : argmax;
            argmaxOf = x;
        }
        byte[] at = argmax;
        NativeFloats.forEach((int) (x.length() / size), plane -> {
            float[][] s = NativeFloats.scratch(size);
            float[] a = s[0];
            float[] o = s[1];
            in.get(plane * size, a, 0, size);
            for (int r = 0, k = 0; r < h; r += 2) {
                for (int i = r * w, end = i + w; i < end; i += 2, k++) {
                    float p = a[i];
                    float q = a[i + 1];
                    float u = a[i + w];
                    float v = a[i + w + 1];
                    if (max) {
                        float top = Math.max(p, q);
                        float bottom = Math.max(u, v);
                        o[k] = Math.max(top, bottom);
                        if (keep) { // integer selects, not branches: a ReLU's zeros tie often
                            int first = p == top ? 0 : 1;
                            int second = u == bottom ? 2 : 3;
                            at[plane * outs + k] = (byte) (top == o[k] ? first : second);
                        }
                    } else {
                        o[k] = (p + q + u + v) * 0.25f;
                    }
                }
            }
            if (out != null) {
                out.put(plane * outs, o, 0, outs);
            }
        });
    }

    void backward(INDArray x, INDArray epsilon, INDArray grad) {
        if (max && argmaxOf != x) {
            forward(x, null, true); // no training forward pass of this input before (DL4J always runs one)
        }
        RUNS.incrementAndGet();
        int h = (int) x.size(2);
        int w = (int) x.size(3);
        int size = h * w;
        int outs = size / 4;
        FloatBuffer eps = NativeFloats.buffer(epsilon);
        FloatBuffer g = NativeFloats.buffer(grad);
        byte[] at = argmax;
        NativeFloats.forEach((int) (x.length() / size), plane -> {
            float[][] s = NativeFloats.scratch(size);
            float[] e = s[0];
            float[] d = s[1];
            eps.get(plane * outs, e, 0, outs);
            for (int r = 0, k = 0; r < h; r += 2) {
                for (int i = r * w, end = i + w; i < end; i += 2, k++) {
                    if (max) {
                        int where = at[plane * outs + k];
                        float ek = e[k];
                        d[i] = where == 0 ? ek : 0f;
                        d[i + 1] = where == 1 ? ek : 0f;
                        d[i + w] = where == 2 ? ek : 0f;
                        d[i + w + 1] = where == 3 ? ek : 0f;
                    } else {
                        float ek = e[k] * 0.25f;
                        d[i] = ek;
                        d[i + 1] = ek;
                        d[i + w] = ek;
                        d[i + w + 1] = ek;
                    }
                }
            }
            g.put(plane * size, d, 0, size);
        });
    }
}
