package org.nas4j.space.dl4j;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import org.nas4j.backend.Dl4jRuntime;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;

/** Java loops over the native memory of dense float arrays, for the helpers that compute in Java. */
final class NativeFloats {
    private static final int THREADS = Dl4jRuntime.threads();
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[2][0]);

    private NativeFloats() {}

    /** Whether {@code x} is stored densely in row-major order, as the loops read and write it. */
    static boolean dense(INDArray x) {
        return x.ordering() == 'c' && Shape.hasDefaultStridesForShape(x);
    }

    /** The values of a dense array, from its first (absolute indices from 0; never move the position). */
    static FloatBuffer buffer(INDArray a) {
        return a.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer().position((int) a.offset()).slice();
    }

    /**
     * Runs {@code body} for 0..count-1 in contiguous ranges, eight per ND4J thread (a thread slowed down by OpenMP's
     * spinning workers then takes fewer: in-network steps 2-10 ms faster than with one range per thread, inside the
     * machine's noise), and returns when all are done.
     */
    static void forEach(int count, IntConsumer body) {
        int chunks = Math.max(1, Math.min(THREADS * 8, count));
        IntStream.range(0, chunks).parallel().forEach(k -> {
            for (int i = (int) ((long) count * k / chunks); i < (long) count * (k + 1) / chunks; i++) {
                body.accept(i);
            }
        });
    }

    /** This thread's two work arrays of at least {@code size} values (for the body of a {@link #forEach}). */
    static float[][] scratch(int size) {
        float[][] s = SCRATCH.get();
        if (s[0].length < size) {
            s[0] = new float[size];
            s[1] = new float[size];
        }
        return s;
    }
}
