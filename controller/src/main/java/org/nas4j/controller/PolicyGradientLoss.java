package org.nas4j.controller;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * The REINFORCE loss of a controller step, for DL4J: each row of the output holds the logits of every
 * decision side by side (one linear head per decision); its label row has the advantage A at the taken
 * choice and zeros elsewhere, which also tells which decision the row belongs to. For that decision's
 * slice, logits are shaped as {@code c * tanh(z / temperature)} (ENAS), and the loss is
 * {@code -A * log p(a) - beta * entropy(p)}. The gradient with respect to the raw logits is exact.
 * A skip-connection decision ({@code attended}) adds the last output column, the attention score q of
 * {@link AttentionHead}, to its own two logits as {@code (z0 - q, z1 + q)}: ENAS's {@code (-q, q)} plus a
 * linear term per decision, so that skips attending to the same layer can still learn different choices. Fields are public for DL4J's JSON
 * configuration.
 */
public class PolicyGradientLoss implements ILossFunction {
    /** For every output column, the first column of its decision's slice, and its end (exclusive). */
    public int[] sliceStart;
    public int[] sliceEnd;
    public double tanhConstant;
    public double temperature;
    public double entropyWeight;
    /** For every output column, whether its decision is chosen by attention; null when none is. */
    public boolean[] attended;

    public PolicyGradientLoss() {}

    public PolicyGradientLoss(int[] sliceStart, int[] sliceEnd, double tanhConstant, double temperature, double entropyWeight) {
        this.sliceStart = sliceStart;
        this.sliceEnd = sliceEnd;
        this.tanhConstant = tanhConstant;
        this.temperature = temperature;
        this.entropyWeight = entropyWeight;
    }

    public PolicyGradientLoss(int[] sliceStart, int[] sliceEnd, boolean[] attended, double tanhConstant, double temperature,
                              double entropyWeight) {
        this(sliceStart, sliceEnd, tanhConstant, temperature, entropyWeight);
        this.attended = attended;
    }

    private boolean attends(int column) {
        return attended != null && attended[column];
    }

    /** The unshaped logits of the decision whose slice is [from, to). */
    private double[] raw(double[] z, int from, int to) {
        if (attends(from)) {
            double q = z[z.length - 1];
            return new double[] {z[from] - q, z[from + 1] + q};
        }
        return java.util.Arrays.copyOfRange(z, from, to);
    }

    /** Shaped probabilities of the slice [from, to) of {@code z}. */
    double[] probabilities(double[] z, int from, int to) {
        double[] raw = raw(z, from, to);
        double[] p = new double[raw.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < p.length; k++) {
            p[k] = tanhConstant > 0 ? tanhConstant * Math.tanh(raw[k] / temperature) : raw[k] / temperature;
            max = Math.max(max, p[k]);
        }
        double sum = 0;
        for (int k = 0; k < p.length; k++) {
            p[k] = Math.exp(p[k] - max);
            sum += p[k];
        }
        for (int k = 0; k < p.length; k++) {
            p[k] /= sum;
        }
        return p;
    }

    /** {loss per row, and the gradient of each row's loss into {@code grad} when it is not null}. */
    private double[] rows(INDArray labels, INDArray preOutput, double[][] grad) {
        double[][] y = labels.castTo(DataType.DOUBLE).toDoubleMatrix();
        double[][] z = preOutput.castTo(DataType.DOUBLE).toDoubleMatrix();
        double[] loss = new double[y.length];
        for (int r = 0; r < y.length; r++) {
            int taken = -1;
            for (int k = 0; k < y[r].length; k++) {
                if (y[r][k] != 0) {
                    taken = k;
                    break;
                }
            }
            if (taken < 0) {
                continue;
            }
            double advantage = y[r][taken];
            int from = sliceStart[taken];
            int to = sliceEnd[taken];
            double[] p = probabilities(z[r], from, to);
            double entropy = 0;
            for (double q : p) {
                entropy -= q > 0 ? q * Math.log(q) : 0;
            }
            loss[r] = -advantage * Math.log(Math.max(p[taken - from], 1e-300)) - entropyWeight * entropy;
            if (grad != null) {
                double[] raw = raw(z[r], from, to);
                int last = z[r].length - 1;
                for (int k = 0; k < p.length; k++) {
                    double q = p[k];
                    double dShaped = advantage * (q - (k == taken - from ? 1 : 0)) + entropyWeight * q * (Math.log(Math.max(q, 1e-300)) + entropy);
                    double t = Math.tanh(raw[k] / temperature);
                    double dRaw = dShaped * (tanhConstant > 0 ? tanhConstant * (1 - t * t) / temperature : 1 / temperature);
                    grad[r][from + k] = dRaw;
                    if (attends(from)) {
                        grad[r][last] += k == 0 ? -dRaw : dRaw;
                    }
                }
            }
        }
        return loss;
    }

    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask, boolean average) {
        double sum = 0;
        for (double l : rows(labels, preOutput, null)) {
            sum += l;
        }
        return average ? sum / labels.size(0) : sum;
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        return Nd4j.createFromArray(rows(labels, preOutput, null)).castTo(preOutput.dataType()).reshape(labels.size(0), 1);
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        double[][] grad = new double[(int) labels.size(0)][(int) labels.size(1)];
        rows(labels, preOutput, grad);
        return Nd4j.createFromArray(grad).castTo(preOutput.dataType());
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput, IActivation activationFn,
                                                          INDArray mask, boolean average) {
        return new Pair<>(computeScore(labels, preOutput, activationFn, mask, average),
                computeGradient(labels, preOutput, activationFn, mask));
    }

    @Override
    public String name() {
        return "PolicyGradientLoss";
    }
}
