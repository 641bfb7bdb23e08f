package org.nas4j.space;

import java.util.List;

/**
 * The network an architecture stands for: a stem, searchable layers and reductions in order, then a head
 * (global average pooling and a softmax classifier). Pure data; {@code dl4j.Dl4jCompiler} builds it.
 */
public record NetworkSpec(Shape input, int classes, int stemChannels, int stemKernel, List<Block> blocks) {
    public NetworkSpec {
        blocks = List.copyOf(blocks);
    }

    /** A step of the network body. */
    public sealed interface Block permits Layer, Reduction {}

    /**
     * Searchable layer {@code index} (1-based): {@code op} on the previous block's output, at {@code width}
     * channels, joined with the outputs of the earlier layers in {@code skipsFrom} (0 is the stem).
     */
    public record Layer(int index, Op op, int width, List<Integer> skipsFrom) implements Block {
        public Layer {
            skipsFrom = List.copyOf(skipsFrom);
        }
    }

    /**
     * A stride-2 reduction after searchable layer {@code afterLayer}; a strided convolution goes to
     * {@code width} channels, a pool keeps its input's channels.
     */
    public record Reduction(int afterLayer, ReductionOp op, int width) implements Block {}
}
