package org.nas4j.space.dl4j;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * 3x3 max and average pooling of stride 1 with Same padding (NCHW, float), forward and backward, as two passes
 * of three taps over each channel plane: the 3-wide window of each row, then the 3-high window of those. Each
 * plane is first copied into a one-value border (-infinity for max, 0 for average), so that every pass is one flat
 * loop with fixed offsets and no bounds. Positions past a row's end hold windows that wrap into the next row: they
 * are never written out and they pass on a zero gradient.
 *
 * <p>A training forward pass of max pooling also keeps, in one byte per output, where in its window the output came
 * from: the first maximum in row-major order, as libnd4j chooses. The backward pass adds each gradient there (and
 * recomputes those bytes first if the input is not the one of the last training forward pass).
 *
 * <p>Why: libnd4j's own loops (oneDNN's are slower still, see {@link FastLayers}) search every window again in the
 * backward pass. Measured on 64x32x28x28, 2 cores, in micro-benchmarks (some beside other work): max pooling 6-16 ms
 * forward (keeping the bytes) and 3-7 ms backward here against 7-19 and 21-61 ms there, average pooling 3-7 and
 * 3-10 ms against 9-32 and 13-37 ms. Only 3x3: Java 17's JIT leaves these loops scalar ({@code a[i] = max(a[i],
 * b[i + o])} took 1 ns per element against 0.13 ns for {@code b[i]}), and three fixed taps ran about twice as fast
 * as a loop over the kernel size.
 * The planes are split over ND4J's thread count; after an ND4J op, OpenMP's spinning workers slow the second
 * thread down (GOMP_SPINCOUNT=1000 helped these passes but not whole networks, so it is not set).
 */
final class SeparablePool {
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);
    /** Forward and backward passes run here so far (for tests). */
    static final AtomicLong RUNS = new AtomicLong();

    private final boolean max;
    private final boolean padInDivisor;
    /** For max pooling, each output's window position of its first maximum (row * 3 + column), of input {@link #argmaxOf}. */
    private byte[] argmax = new byte[0];
    private INDArray argmaxOf;

    SeparablePool(boolean max, boolean padInDivisor) {
        this.max = max;
        this.padInDivisor = padInDivisor;
    }

    /** Whether a pooling configuration is one this class computes: 3x3, stride 1, Same padding, no dilation. */
    static boolean supported(int[] kernel, int[] stride, int[] dilation, boolean same) {
        return same && Arrays.equals(kernel, new int[] {3, 3}) && Arrays.equals(stride, new int[] {1, 1})
                && Arrays.equals(dilation, new int[] {1, 1});
    }

    /** Pools {@code x} into {@code y}; when {@code training}, a max pool also keeps where each maximum came from. */
    void forward(INDArray x, INDArray y, boolean training) {
        Planes p = new Planes(x);
        FloatBuffer in = NativeFloats.buffer(x);
        FloatBuffer out = y == null ? null : NativeFloats.buffer(y);
        boolean keep = max && training;
        if (keep) {
            argmax = argmax.length < x.length() ? new byte[(int) x.length()] : argmax;
            argmaxOf = x;
        }
        p.run(s -> {
            p.forward(s, in);
            if (out != null) {
                s.write(p, s.out, 0, out);
            }
            if (keep) {
                p.argmax(s, argmax);
            }
        });
    }

    void backward(INDArray x, INDArray epsilon, INDArray grad) {
        if (max && argmaxOf != x) {
            forward(x, null, true); // no training forward pass of this input before (DL4J always runs one)
        }
        Planes p = new Planes(x);
        FloatBuffer eps = NativeFloats.buffer(epsilon);
        FloatBuffer g = NativeFloats.buffer(grad);
        p.run(s -> {
            if (max) {
                p.scatterMax(s, eps, argmax);
            } else {
                Arrays.fill(s.e, 0, p.outs, 0f);
                s.read(p, eps, s.e, 0);
                p.routeAverage(s);
            }
            s.write(p, s.gradPadded, p.pw + 1, g);
        });
    }

    /**
     * The planes of one call, h x w each, padded to (h + 2) x pw with pw = w + 2. Index i of the row pass is padded
     * row i / pw, columns i % pw to i % pw + 2; index i of the column pass is output row i / pw, column i % pw.
     */
    private final class Planes {
        final int planes;
        final int h;
        final int w;
        final int pw;
        /** Positions of the row pass (the padded plane less its last two) and of the column pass. */
        final int rows;
        final int outs;
        /** 1 / the divisor of each average-pool output, 0 past each row's end. */
        final float[] inverse;

        Planes(INDArray x) {
            planes = (int) (x.size(0) * x.size(1));
            h = (int) x.size(2);
            w = (int) x.size(3);
            pw = w + 2;
            rows = (h + 2) * pw - 2;
            outs = h * pw;
            inverse = max ? null : inverse();
        }

        private float[] inverse() {
            float[] inv = new float[outs];
            for (int row = 0; row < h; row++) {
                for (int col = 0; col < w; col++) {
                    int count = padInDivisor ? 9 : (Math.min(h, row + 2) - Math.max(0, row - 1)) * (Math.min(w, col + 2) - Math.max(0, col - 1));
                    inv[row * pw + col] = 1f / count;
                }
            }
            return inv;
        }

        /** Runs {@code body} once per plane ({@code s.plane}), the planes split over ND4J's threads. */
        void run(Consumer<Scratch> body) {
            RUNS.incrementAndGet();
            NativeFloats.forEach(planes, plane -> {
                Scratch s = SCRATCH.get().fit((h + 2) * pw);
                s.plane = plane;
                body.accept(s);
            });
        }

        /** Fills {@code s.padded} with plane {@code s.plane} of {@code in}, {@code s.rows} and {@code s.out} with the two passes. */
        void forward(Scratch s, FloatBuffer in) {
            float[] pad = s.padded;
            float[] r = s.rows;
            float[] o = s.out;
            Arrays.fill(pad, 0, rows + 2, max ? Float.NEGATIVE_INFINITY : 0f);
            s.read(this, in, pad, pw + 1);
            if (max) {
                for (int i = 0; i < rows; i++) {
                    r[i] = Math.max(Math.max(pad[i], pad[i + 1]), pad[i + 2]);
                }
                for (int i = 0; i < outs; i++) {
                    o[i] = Math.max(Math.max(r[i], r[i + pw]), r[i + 2 * pw]);
                }
            } else {
                for (int i = 0; i < rows; i++) {
                    r[i] = pad[i] + pad[i + 1] + pad[i + 2];
                }
                for (int i = 0; i < outs; i++) {
                    o[i] = (r[i] + r[i + pw] + r[i + 2 * pw]) * inverse[i];
                }
            }
        }

        /**
         * Writes, for each output of plane {@code s.plane} (after {@link #forward}), where its window's first maximum is:
         * the first of the three rows whose row maximum is the output, then the first column of that row holding it.
         * Integer selects, not branches: ties (a ReLU's zeros) and random data would mispredict them.
         */
        void argmax(Scratch s, byte[] into) {
            float[] pad = s.padded;
            float[] r = s.rows;
            float[] o = s.out;
            for (int row = 0, at = s.plane * h * w; row < h; row++) {
                for (int col = 0, i = row * pw; col < w; col++, i++, at++) {
                    int dr = r[i + pw] == o[i] ? 1 : 2;
                    dr = r[i] == o[i] ? 0 : dr;
                    int j = i + dr * pw;
                    int dc = pad[j + 1] == r[j] ? 1 : 2;
                    dc = pad[j] == r[j] ? 0 : dc;
                    into[at] = (byte) (dr * 3 + dc);
                }
            }
        }

        /** Adds each output gradient of plane {@code s.plane} of {@code eps} to its window's first maximum: {@code s.gradPadded}. */
        void scatterMax(Scratch s, FloatBuffer eps, byte[] argmax) {
            float[] gp = s.gradPadded;
            float[] e = s.flat;
            int[] offset = {0, 1, 2, pw, pw + 1, pw + 2, 2 * pw, 2 * pw + 1, 2 * pw + 2};
            Arrays.fill(gp, 0, rows + 2, 0f);
            eps.get(s.plane * h * w, e, 0, h * w);
            for (int row = 0, at = 0, base = s.plane * h * w; row < h; row++) {
                for (int col = 0, i = row * pw; col < w; col++, i++, at++) {
                    gp[i + offset[argmax[base + at]]] += e[at];
                }
            }
        }

        /** Spreads each gradient of {@code s.e}, over its divisor, on its window: {@code s.gradPadded}. */
        void routeAverage(Scratch s) {
            float[] e = s.e;
            float[] gr = s.gradRows;
            float[] gp = s.gradPadded;
            for (int i = 0; i < outs; i++) {
                e[i] *= inverse[i];
            }
            Arrays.fill(gr, 0, rows + 2, 0f);
            for (int d = 0; d <= 2 * pw; d += pw) {
                for (int i = 0; i < outs; i++) {
                    gr[i + d] += e[i];
                }
            }
            Arrays.fill(gp, 0, rows + 2, 0f);
            for (int d = 0; d <= 2; d++) {
                for (int i = 0; i < rows; i++) {
                    gp[i + d] += gr[i];
                }
            }
        }
    }

    /** One thread's arrays, for one plane at a time. */
    private static final class Scratch {
        int plane;
        float[] padded = new float[0];
        float[] rows;
        float[] out;
        float[] e;
        float[] gradRows;
        float[] gradPadded;
        /** One plane as stored: h x w. */
        float[] flat;

        Scratch fit(int n) {
            if (padded.length < n) {
                padded = new float[n];
                rows = new float[n];
                out = new float[n];
                e = new float[n];
                gradRows = new float[n];
                gradPadded = new float[n];
                flat = new float[n];
            }
            return this;
        }

        /** Reads plane {@code plane} of {@code from} (one bulk copy) into rows {@code pw} apart in {@code to}, from {@code start}. */
        void read(Planes p, FloatBuffer from, float[] to, int start) {
            from.get(plane * p.h * p.w, flat, 0, p.h * p.w);
            for (int row = 0; row < p.h; row++) {
                System.arraycopy(flat, row * p.w, to, start + row * p.pw, p.w);
            }
        }

        /** Writes the rows of {@code from} ({@code pw} apart, from {@code start}) to plane {@code plane} of {@code to} (one bulk copy). */
        void write(Planes p, float[] from, int start, FloatBuffer to) {
            for (int row = 0; row < p.h; row++) {
                System.arraycopy(from, start + row * p.pw, flat, row * p.w, p.w);
            }
            to.put(plane * p.h * p.w, flat, 0, p.h * p.w);
        }
    }
}
