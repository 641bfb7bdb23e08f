package org.nas4j.controller;

import java.util.Map;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.StopGradient;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The controller's output head when a space has skip-connection decisions (ENAS macro): for every step,
 * the linear logits of all decisions side by side ({@code vocabulary} columns) and one more column, the
 * attention score {@code v . tanh(W1 h[anchor] + W2 h[t])} between the step's hidden state and the hidden
 * state of the step its skip link comes from ({@link PolicyGradientLoss} adds it to the skip decision's own
 * logits). Defined in SameDiff, so DL4J differentiates it. Input and
 * output are {@code [batch, features, steps]}; the number of steps is fixed. Fields are public for DL4J's
 * JSON configuration.
 */
public class AttentionHead extends SameDiffLayer {
    public int hidden;
    public int vocabulary;
    /** For each step, the step whose hidden state it attends to (itself where it is not a skip decision). */
    public int[] anchor;

    public AttentionHead() {}

    public AttentionHead(int hidden, int vocabulary, int[] anchor) {
        this.hidden = hidden;
        this.vocabulary = vocabulary;
        this.anchor = anchor.clone();
        this.weightInit = WeightInit.XAVIER;
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        params.addWeightParam("W", hidden, vocabulary);
        params.addBiasParam("b", 1, vocabulary);
        params.addWeightParam("W1", hidden, hidden);
        params.addWeightParam("W2", hidden, hidden);
        params.addWeightParam("v", hidden, 1);
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        initWeights(hidden, vocabulary, WeightInit.XAVIER, params.get("W"));
        params.get("b").assign(0);
        initWeights(hidden, hidden, WeightInit.XAVIER, params.get("W1"));
        initWeights(hidden, hidden, WeightInit.XAVIER, params.get("W2"));
        initWeights(hidden, 1, WeightInit.XAVIER, params.get("v"));
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable input, Map<String, SDVariable> p, SDVariable mask) {
        int steps = anchor.length;
        // select[s][t] = 1 when step t attends to step s: anchors = input x select picks h[anchor[t]] for each t
        double[][] select = new double[steps][steps];
        for (int t = 0; t < steps; t++) {
            select[anchor[t]][t] = 1;
        }
        SDVariable selection = sd.constant(Nd4j.createFromArray(select).castTo(input.dataType()));
        SDVariable anchors = sd.reshape(sd.mmul(sd.reshape(input, -1, steps), selection), -1, hidden, steps);
        SDVariable h = sd.reshape(sd.permute(input, 0, 2, 1), -1, hidden);
        SDVariable a = sd.reshape(sd.permute(anchors, 0, 2, 1), -1, hidden);
        SDVariable linear = h.mmul(p.get("W")).add(p.get("b"));
        SDVariable score = sd.math().tanh(a.mmul(p.get("W1")).add(h.mmul(p.get("W2")))).mmul(p.get("v"));
        SDVariable both = sd.concat(1, linear, score);
        SDVariable out = sd.permute(sd.reshape(both, -1, steps, vocabulary + 1), 0, 2, 1);
        // DL4J 1.0.0-M2.1's SameDiffLayer hands back twice the gradient of its output (measured by
        // ReinforceGradientTest against finite differences); half the output behind a stop-gradient keeps
        // the value exact and the gradient right
        SDVariable half = out.mul(0.5);
        return half.add(new StopGradient(sd, half).outputVariable());
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        return InputType.recurrent(vocabulary + 1, anchor.length);
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {}

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return null;
    }
}
