package org.nas4j.space.dl4j;

import java.util.HashMap;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.nas4j.space.Shape;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Adds DL4J vertices to a graph while tracking each vertex's output shape and the parameters and
 * multiply-adds added since the last {@link #takeCosts()}. Every method returns the new vertex's name.
 * The parameter formulas must match DL4J's: convolutions carry no bias (batch norm follows), batch norm
 * has four vectors (gamma, beta, mean, variance). Single use, not thread-safe.
 */
final class GraphWriter {
    private final GraphBuilder graph;
    private final Map<String, Shape> shapes = new HashMap<>();
    private String prefix = "";
    private int counter;
    private long params;
    private long flops;

    GraphWriter(GraphBuilder graph, String input, Shape shape) {
        this.graph = graph;
        shapes.put(input, shape);
    }

    /** Names the next vertices {@code prefix_<kind><n>}. */
    void block(String blockPrefix) {
        prefix = blockPrefix;
        counter = 0;
    }

    Map<String, Shape> shapes() {
        return shapes;
    }

    Shape shape(String vertex) {
        return shapes.get(vertex);
    }

    /** Returns {params, flops} added since the last call, and resets them. */
    long[] takeCosts() {
        long[] out = {params, flops};
        params = 0;
        flops = 0;
        return out;
    }

    /** Convolution (no bias), then batch norm, then ReLU when {@code relu}. */
    String convBn(String in, int kernel, int out, int stride, boolean relu) {
        return convBn(in, kernel, 1, out, stride, relu);
    }

    /**
     * A dilated k x k convolution (Same size, no bias), then batch norm and ReLU: a plain DL4J
     * {@code ConvolutionLayer} with dilation, which {@link FastConv} runs as space-to-batch, a dense
     * convolution and batch-to-space (DL4J's own dilated path is several times slower; see README, Speed).
     */
    String dilatedConvBn(String in, int kernel, int dilation, int out) {
        return convBn(in, kernel, dilation, out, 1, true);
    }

    private String convBn(String in, int kernel, int dilation, int out, int stride, boolean relu) {
        Shape s = shape(in);
        var conv = new ConvolutionLayer.Builder(kernel, kernel).dilation(dilation, dilation).nOut(out)
                .stride(stride, stride).hasBias(false).activation(Activation.IDENTITY).build();
        Shape o = s.strided(stride).withChannels(out);
        String c = add("conv", conv, o, (long) kernel * kernel * s.channels() * out,
                (long) kernel * kernel * s.channels() * out * o.pixels(), in);
        return batchNorm(c, relu);
    }

    /**
     * Batch norm, then a ReLU layer when {@code relu}: DL4J 1.0.0-M2.1's BatchNormalization ignores the activation it
     * is configured with, so before 0.2 every conv-BN-ReLU unit nas4j built was linear.
     */
    String batchNorm(String in, boolean relu) {
        Shape s = shape(in);
        String bn = add("bn", new BatchNormalization.Builder().build(), s, 4L * s.channels(), 0, in);
        return relu ? add("relu", new ActivationLayer.Builder().activation(Activation.RELU).build(), s, 0, 0, bn) : bn;
    }

    /** Depthwise convolution, one filter per channel, no bias. */
    String depthwise(String in, int kernel) {
        Shape s = shape(in);
        var dw = new DepthwiseConvolution2D.Builder(kernel, kernel).depthMultiplier(1).nOut(s.channels())
                .hasBias(false).activation(Activation.IDENTITY).build();
        return add("dw", dw, s, (long) kernel * kernel * s.channels(), (long) kernel * kernel * s.channels() * s.pixels(), in);
    }

    String pool(String in, PoolingType type, int kernel, int stride) {
        var pool = new SubsamplingLayer.Builder(type).kernelSize(kernel, kernel).stride(stride, stride).build();
        return add(type == PoolingType.MAX ? "maxpool" : "avgpool", pool, shape(in).strided(stride), 0, 0, in);
    }

    String concat(String... in) {
        int channels = 0;
        for (String v : in) {
            channels += shape(v).channels();
        }
        String name = name("concat");
        graph.addVertex(name, new MergeVertex(), in);
        shapes.put(name, shape(in[0]).withChannels(channels));
        return name;
    }

    /** Element-wise sum, then ReLU. */
    String addRelu(String a, String b) {
        String sum = name("add");
        graph.addVertex(sum, new ElementWiseVertex(ElementWiseVertex.Op.Add), a, b);
        shapes.put(sum, shape(a));
        return add("relu", new ActivationLayer.Builder().activation(Activation.RELU).build(), shape(a), 0, 0, sum);
    }

    /** Global average pooling and a softmax classifier; returns the output vertex. */
    String head(String in, int classes, String output) {
        int c = shape(in).channels();
        String gap = add("gap", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), new Shape(1, 1, c), 0, 0, in);
        var out = new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(classes)
                .activation(Activation.SOFTMAX).build();
        graph.addLayer(output, out, gap);
        shapes.put(output, new Shape(1, 1, classes));
        params += (long) c * classes + classes;
        flops += (long) c * classes;
        return output;
    }

    private String add(String kind, org.deeplearning4j.nn.conf.layers.Layer layer, Shape out, long p, long f, String in) {
        String name = name(kind);
        graph.addLayer(name, layer, in);
        shapes.put(name, out);
        params += p;
        flops += f;
        return name;
    }

    private String name(String kind) {
        return prefix + "_" + kind + (++counter);
    }
}
