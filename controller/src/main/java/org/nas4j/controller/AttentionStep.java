package org.nas4j.controller;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * {@link AttentionHead}'s forward pass one step at a time, for sampling: running the SameDiff layer once
 * per decision would cost a whole graph execution each. It only reads the layer's parameters (training
 * goes through the SameDiff layer); {@code ReinforceControllerTest} checks that both give the same
 * probabilities. One instance per sampled sequence; not thread-safe.
 */
final class AttentionStep {
    private final double[][] w;
    private final double[] b;
    private final double[][] w1;
    private final double[][] w2;
    private final double[] v;
    private final int[] anchor;
    private final List<double[]> hidden = new ArrayList<>();

    AttentionStep(Layer head, int[] anchor) {
        this.w = matrix(head, "W");
        this.b = matrix(head, "b")[0];
        this.w1 = matrix(head, "W1");
        this.w2 = matrix(head, "W2");
        this.v = column(matrix(head, "v"));
        this.anchor = anchor;
    }

    /** The output row of step {@code t} (vocabulary logits, then the attention score), given its hidden state. */
    double[] logits(int t, double[] h) {
        hidden.add(h);
        double[] a = hidden.get(anchor[t]);
        double[] out = new double[b.length + 1];
        for (int k = 0; k < b.length; k++) {
            double sum = b[k];
            for (int j = 0; j < h.length; j++) {
                sum += h[j] * w[j][k];
            }
            out[k] = sum;
        }
        double score = 0;
        for (int k = 0; k < v.length; k++) {
            double sum = 0;
            for (int j = 0; j < h.length; j++) {
                sum += a[j] * w1[j][k] + h[j] * w2[j][k];
            }
            score += Math.tanh(sum) * v[k];
        }
        out[b.length] = score;
        return out;
    }

    private static double[][] matrix(Layer layer, String param) {
        return layer.getParam(param).castTo(DataType.DOUBLE).toDoubleMatrix();
    }

    private static double[] column(double[][] m) {
        double[] c = new double[m.length];
        for (int i = 0; i < m.length; i++) {
            c[i] = m[i][0];
        }
        return c;
    }
}
