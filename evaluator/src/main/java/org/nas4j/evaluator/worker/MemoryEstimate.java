package org.nas4j.evaluator.worker;

import org.nas4j.space.Shape;
import org.nas4j.space.dl4j.CompiledNetwork;

/**
 * Estimates the memory one training step of a network needs: parameters, gradients and optimiser state,
 * plus every vertex's activations and their gradients for a batch, with a margin for DL4J's workspaces.
 */
public final class MemoryEstimate {
    static final double WORKSPACE_MARGIN = 1.5;

    private MemoryEstimate() {}

    /** Bytes for training {@code net} with {@code batch} images and {@code optimizer} (adam keeps two moments). */
    public static long bytes(CompiledNetwork net, int batch, String optimizer) {
        long floats = net.params() * (2 + ("adam".equals(optimizer) ? 2 : 1));
        long perImage = 0;
        for (Shape s : net.shapes().values()) {
            perImage += (long) s.height() * s.width() * s.channels();
        }
        floats += 2 * perImage * batch;
        return (long) (4 * floats * WORKSPACE_MARGIN);
    }

    /**
     * The largest batch, halving from {@code batch} down to {@code minBatch}, whose estimate fits in
     * {@code budget} bytes; or 0 when even {@code minBatch} does not fit.
     */
    public static int fittingBatch(CompiledNetwork net, int batch, int minBatch, String optimizer, long budget) {
        for (int b = batch; b >= Math.min(batch, minBatch); b /= 2) {
            if (bytes(net, b, optimizer) <= budget) {
                return b;
            }
            if (b == 1) {
                break;
            }
        }
        return 0;
    }
}
