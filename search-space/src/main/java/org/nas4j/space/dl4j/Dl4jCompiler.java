package org.nas4j.space.dl4j;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nas4j.core.read.LayerRow;
import org.nas4j.space.NetworkSpec;
import org.nas4j.space.Op;
import org.nas4j.space.Shape;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Compiles a {@link NetworkSpec} to a DL4J {@code ComputationGraphConfiguration} (NCHW, input vertex
 * {@value #INPUT}, output vertex {@value #OUTPUT}) with its per-layer shapes, parameters and FLOPs.
 * Shapes and channels never mismatch: skip inputs at a higher resolution are average-pooled down, and
 * joined inputs are concatenated then projected by a 1x1 convolution. Vertices are named by block: {@code stem_*},
 * {@code L<i>_*} (the op of layer i), {@code S<i>_*} (its skip join), {@code R<i>_*} (the reduction after layer i),
 * then the head and {@value #OUTPUT}. Stateless and thread-safe.
 */
public final class Dl4jCompiler {
    public static final String INPUT = "input";
    public static final String OUTPUT = "output";

    private Dl4jCompiler() {}

    /** Compiles with default training settings (seed 0, Adam 1e-3). */
    public static CompiledNetwork compile(NetworkSpec spec) {
        return compile(spec, b -> b.seed(0).updater(new Adam(1e-3)));
    }

    /**
     * Compiles {@code spec}; {@code training} sets the seed, updater, regularisation and the like on the
     * DL4J builder before the graph is added (the compiler sets weight init, activations and convolution mode).
     */
    public static CompiledNetwork compile(NetworkSpec spec, Consumer<NeuralNetConfiguration.Builder> training) {
        var builder = new NeuralNetConfiguration.Builder()
                .weightInit(WeightInit.RELU)
                .activation(Activation.IDENTITY)
                .convolutionMode(ConvolutionMode.Same);
        training.accept(builder);
        GraphBuilder graph = builder.graphBuilder().addInputs(INPUT);
        Shape in = spec.input();
        graph.setInputTypes(InputType.convolutional(in.height(), in.width(), in.channels()));

        var w = new GraphWriter(graph, INPUT, in);
        var rows = new ArrayList<LayerRow>();
        Map<Integer, String> layerOutputs = new HashMap<>();
        Map<Integer, Integer> layerStages = new HashMap<>();
        int stage = 0;

        w.block("stem");
        String x = w.convBn(INPUT, spec.stemKernel(), spec.stemChannels(), 1, true);
        layerOutputs.put(0, x);
        layerStages.put(0, stage);
        rows.add(row(w, "stem", "conv_" + spec.stemKernel() + "x" + spec.stemKernel(), x));

        for (NetworkSpec.Block block : spec.blocks()) {
            if (block instanceof NetworkSpec.Layer layer) {
                w.block("L" + layer.index());
                x = op(w, layer.op(), x, layer.width());
                if (!layer.skipsFrom().isEmpty()) {
                    w.block("S" + layer.index()); // the join is a block of its own: shared weights slice its projection
                    var joined = new ArrayList<String>(List.of(x));
                    for (int from : layer.skipsFrom()) {
                        // Same padding rounds up, so r halvings equal one stride of 2^r.
                        int stride = 1 << (stage - layerStages.get(from));
                        String skip = layerOutputs.get(from);
                        joined.add(stride == 1 ? skip : w.pool(skip, PoolingType.AVG, stride, stride));
                    }
                    x = w.convBn(w.concat(joined.toArray(String[]::new)), 1, layer.width(), 1, true);
                }
                layerOutputs.put(layer.index(), x);
                layerStages.put(layer.index(), stage);
                String op = layer.op().id + (layer.skipsFrom().isEmpty() ? "" : " +skip(" + String.join(",",
                        layer.skipsFrom().stream().map(f -> f == 0 ? "stem" : "L" + f).toList()) + ")");
                rows.add(row(w, "layer" + layer.index(), op, x));
            } else if (block instanceof NetworkSpec.Reduction r) {
                w.block("R" + r.afterLayer());
                x = switch (r.op()) {
                    // Pool reductions keep the channels: the next layer's op widens to the stage width.
                    case MAX_POOL_2X2 -> w.pool(x, PoolingType.MAX, 2, 2);
                    case AVG_POOL_2X2 -> w.pool(x, PoolingType.AVG, 2, 2);
                    case CONV_3X3_S2 -> w.convBn(x, 3, r.width(), 2, true);
                };
                stage++;
                rows.add(row(w, "reduction", r.op().id, x));
            }
        }
        w.block("head");
        String out = w.head(x, spec.classes(), OUTPUT);
        rows.add(row(w, "head", "gap+dense_softmax", out));
        graph.setOutputs(OUTPUT);
        return new CompiledNetwork(graph.build(), rows, w.shapes());
    }

    private static String op(GraphWriter w, Op op, String x, int width) {
        return switch (op) {
            case CONV_1X1 -> w.convBn(x, 1, width, 1, true);
            case CONV_3X3 -> w.convBn(x, 3, width, 1, true);
            case CONV_5X5 -> w.convBn(x, 5, width, 1, true);
            case DIL_CONV_3X3_D2 -> w.dilatedConvBn(x, 3, 2, width);
            case DIL_CONV_3X3_D3 -> w.dilatedConvBn(x, 3, 3, width);
            case SEP_CONV_3X3 -> w.convBn(w.depthwise(x, 3), 1, width, 1, true);
            case SEP_CONV_5X5 -> w.convBn(w.depthwise(x, 5), 1, width, 1, true);
            case INCEPTION -> inception(w, x, width);
            case RESIDUAL -> residual(w, x, width);
            case MAX_POOL_3X3 -> project(w, w.pool(x, PoolingType.MAX, 3, 1), width);
            case AVG_POOL_3X3 -> project(w, w.pool(x, PoolingType.AVG, 3, 1), width);
        };
    }

    /** Four branches of about width/4 channels: 1x1; 1x1 then 3x3; 1x1 then two 3x3 (a factorised 5x5); 3x3 max pool then 1x1. */
    private static String inception(GraphWriter w, String x, int width) {
        int b = Math.max(1, width / 4);
        int last = Math.max(1, width - 3 * b);
        String one = w.convBn(x, 1, b, 1, true);
        String three = w.convBn(w.convBn(x, 1, b, 1, true), 3, b, 1, true);
        String five = w.convBn(w.convBn(w.convBn(x, 1, b, 1, true), 3, b, 1, true), 3, b, 1, true);
        String pool = w.convBn(w.pool(x, PoolingType.MAX, 3, 1), 1, last, 1, true);
        return w.concat(one, three, five, pool);
    }

    /** Two 3x3 convolutions plus an identity shortcut, or a 1x1 projection when the channels differ. */
    private static String residual(GraphWriter w, String x, int width) {
        String body = w.convBn(w.convBn(x, 3, width, 1, true), 3, width, 1, false);
        String shortcut = w.shape(x).channels() == width ? x : w.convBn(x, 1, width, 1, false);
        return w.addRelu(body, shortcut);
    }

    /** {@code x} itself when it has {@code width} channels, else a 1x1 convolution to {@code width}. */
    private static String project(GraphWriter w, String x, int width) {
        return w.shape(x).channels() == width ? x : w.convBn(x, 1, width, 1, true);
    }

    private static LayerRow row(GraphWriter w, String layer, String op, String vertex) {
        long[] costs = w.takeCosts();
        return new LayerRow(layer, op, w.shape(vertex).toString(), costs[0], costs[1]);
    }
}
