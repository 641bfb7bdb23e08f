package org.nas4j.space.dl4j;

import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * nas4j's faster helpers for DL4J's own layers ({@link FastBatchNorm}, {@link FastConv}) and faster
 * implementations of its pooling and ReLU layers ({@link FastLayers}): the same
 * functions, parameters and running statistics, with less work on CPU. Call {@link #install} on every
 * graph that trains, after {@code init()} or loading; the graph stays a plain DL4J graph and exports as one.
 */
public final class FastHelpers {
    private FastHelpers() {}

    /** Installs the helpers and layers; returns how many layers got one. */
    public static int install(ComputationGraph graph) {
        return FastBatchNorm.install(graph) + FastConv.install(graph) + FastLayers.install(graph);
    }
}
