package org.nas4j.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.api.layers.RecurrentLayer;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnLossLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nas4j.backend.Dl4jRuntime;
import org.nas4j.core.Decision;
import org.nas4j.core.DecisionSpace;
import org.nas4j.core.Json;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/**
 * The controller's policy network (Zoph and Le; ENAS): a one-layer LSTM run autoregressively over the
 * decisions, the previous choice as the next input (a one-hot input is an embedding lookup), one linear head
 * per decision, logits shaped by temperature and tanh constant. Skip-connection decisions are chosen by
 * attention over earlier layers' hidden states ({@link AttentionHead}, differentiated by SameDiff). Its loss
 * is {@link PolicyGradientLoss}: each row is a sequence of actions, labelled with its advantage at each step's
 * action. The output head starts at zero, so the first policy is uniform. It knows nothing of rewards.
 */
final class Policy {
    private final DecisionSpace space;
    private final int[] offset;
    private final int vocabulary;
    private final boolean attention;
    private final int[] anchors;
    private final PolicyGradientLoss loss;
    private final MultiLayerNetwork net;

    Policy(DecisionSpace space, long seed, ReinforceSettings settings, DataType dataType) {
        Dl4jRuntime.configure();
        this.space = space;
        int t = space.decisions().size();
        this.offset = new int[t + 1];
        for (int i = 0; i < t; i++) {
            offset[i + 1] = offset[i] + space.decisions().get(i).size();
        }
        this.vocabulary = offset[t];
        int[] start = new int[vocabulary];
        int[] end = new int[vocabulary];
        boolean[] attended = new boolean[vocabulary];
        for (int i = 0; i < t; i++) {
            for (int k = offset[i]; k < offset[i + 1]; k++) {
                start[k] = offset[i];
                end[k] = offset[i + 1];
                attended[k] = space.decisions().get(i).skip() != null;
            }
        }
        this.attention = space.decisions().stream().anyMatch(d -> d.skip() != null);
        this.anchors = anchors(space);
        this.loss = new PolicyGradientLoss(start, end, attention ? attended : null, settings.tanhConstant(),
                settings.temperature(), settings.entropyWeight());
        var conf = new NeuralNetConfiguration.Builder()
                .seed(Dl4jRuntime.seed(seed))
                .dataType(dataType)
                .weightInit(WeightInit.XAVIER)
                .updater(new Adam(settings.learningRate(), 0.0, 0.999, 1e-8))
                .gradientNormalization(GradientNormalization.ClipL2PerLayer)
                .gradientNormalizationThreshold(settings.clip())
                .list()
                .layer(new LSTM.Builder().nIn(vocabulary + 1).nOut(settings.hidden()).activation(Activation.TANH).build())
                .layer(attention ? new AttentionHead(settings.hidden(), vocabulary, anchors)
                        : new RnnOutputLayer.Builder(loss).nIn(settings.hidden()).nOut(vocabulary).activation(Activation.IDENTITY).build());
        if (attention) {
            conf.layer(new RnnLossLayer.Builder(loss).activation(Activation.IDENTITY).build());
        }
        this.net = new MultiLayerNetwork(conf.build());
        net.init();
        // a zero output head makes the first policy uniform: the first samples are as good as random search
        for (String param : attention ? List.of("W", "b", "v") : List.of("W", "b")) {
            net.getLayer(1).getParam(param).assign(0);
        }
    }

    /** Chooses the action of one sequence at one step from the policy's probabilities there. */
    @FunctionalInterface
    interface Choice {
        int choose(int row, int step, double[] p);
    }

    /**
     * Runs the policy over the decisions in order for {@code rows} sequences at once (one batched pass):
     * {@code choose} gets each sequence's index, the step and its probabilities, and returns the action taken,
     * whose embedding is that sequence's next input. Returns the actions, a row per sequence.
     */
    int[][] walk(int rows, Choice choose) {
        int t = space.decisions().size();
        int[][] actions = new int[rows][t];
        INDArray x = Nd4j.zeros(net.params().dataType(), rows, vocabulary + 1, 1);
        net.rnnClearPreviousState();
        AttentionStep[] heads = new AttentionStep[attention ? rows : 0];
        for (int r = 0; r < heads.length; r++) {
            heads[r] = new AttentionStep(net.getLayer(1), anchors);
        }
        int[] input = new int[rows];
        Arrays.fill(input, vocabulary); // the start token
        for (int i = 0; i < t; i++) {
            x.assign(0);
            for (int r = 0; r < rows; r++) {
                x.putScalar(new int[] {r, input[r], 0}, 1);
            }
            double[][] z = attention ? matrix(((RecurrentLayer) net.getLayer(0)).rnnTimeStep(x, LayerWorkspaceMgr.noWorkspaces()))
                    : matrix(net.rnnTimeStep(x));
            for (int r = 0; r < rows; r++) {
                double[] logits = attention ? heads[r].logits(i, z[r]) : z[r];
                actions[r][i] = choose.choose(r, i, loss.probabilities(logits, offset[i], offset[i + 1]));
                input[r] = offset[i] + actions[r][i];
            }
        }
        net.rnnClearPreviousState();
        return actions;
    }

    /** The probability the policy gives one sequence of actions. */
    double probability(int[] actions) {
        double[] p = {1};
        walk(1, (row, i, q) -> {
            p[0] *= q[actions[i]];
            return actions[i];
        });
        return p[0];
    }

    /**
     * For each sequence of actions and step i, the probability under the policy of its actions from step i on
     * given those before ({@code [s][t] = 1}); one forward pass over all of them.
     */
    double[][] suffixMass(List<int[]> actions) {
        int t = space.decisions().size();
        double[][][] z = outputs(actions);
        double[][] mass = new double[actions.size()][t + 1];
        for (int s = 0; s < mass.length; s++) {
            mass[s][t] = 1;
            for (int i = t - 1; i >= 0; i--) {
                mass[s][i] = mass[s][i + 1] * probabilities(z[s], i)[actions.get(s)[i]];
            }
        }
        return mass;
    }

    /** Log-probability under the policy of each sequence of actions. */
    double[] logProbabilities(List<int[]> actions) {
        return Arrays.stream(suffixMass(actions)).mapToDouble(mass -> Math.log(mass[0])).toArray();
    }

    /** Mean entropy per decision of the policy along the given sequences of actions. */
    double entropy(List<int[]> actions) {
        double[][][] z = outputs(actions);
        double sum = 0;
        int n = 0;
        for (double[][] example : z) {
            for (int i = 0; i < space.decisions().size(); i++) {
                for (double q : probabilities(example, i)) {
                    sum -= q > 0 ? q * Math.log(q) : 0;
                }
                n++;
            }
        }
        return sum / Math.max(1, n);
    }

    /** One optimiser step on the policy-gradient loss of these sequences, each with its advantage; returns the loss. */
    double fit(List<int[]> actions, double[] advantages) {
        INDArray[] xy = batch(actions, advantages);
        net.fit(xy[0], xy[1]);
        return net.score();
    }

    /** The network's output along each sequence of actions, {@code [sequence][vocabulary][step]}: one forward pass. */
    private double[][][] outputs(List<int[]> actions) {
        return toArray(net.output(batch(actions, new double[actions.size()])[0]));
    }

    /** The probabilities at step {@code i} from the network's output for one sequence ({@code [vocabulary][steps]}). */
    private double[] probabilities(double[][] example, int i) {
        double[] logits = new double[example.length];
        for (int k = 0; k < logits.length; k++) {
            logits[k] = example[k][i];
        }
        return loss.probabilities(logits, offset[i], offset[i + 1]);
    }

    /**
     * The network's inputs (the start token, then each taken action's one-hot embedding) and labels (the
     * advantage at each step's taken action) for sequences of actions.
     */
    INDArray[] batch(List<int[]> actions, double[] advantages) {
        int m = actions.size();
        int t = space.decisions().size();
        DataType type = net.params().dataType();
        INDArray x = Nd4j.zeros(type, m, vocabulary + 1, t);
        INDArray y = Nd4j.zeros(type, m, vocabulary + (attention ? 1 : 0), t);
        for (int s = 0; s < m; s++) {
            // a zero label would hide which decision the row belongs to; 1e-12 changes nothing measurable
            double a = Math.abs(advantages[s]) < 1e-12 ? 1e-12 : advantages[s];
            int input = vocabulary;
            for (int i = 0; i < t; i++) {
                x.putScalar(new int[] {s, input, i}, 1);
                int taken = offset[i] + actions.get(s)[i];
                y.putScalar(new int[] {s, taken, i}, a);
                input = taken;
            }
        }
        return new INDArray[] {x, y};
    }

    /**
     * For each step, the step whose hidden state its skip decision attends to: the last decision of the layer
     * the link comes from ({@link Decision#layer}), or the first step for the stem; the step itself where there is no
     * such earlier decision or no skip.
     */
    static int[] anchors(DecisionSpace space) {
        List<Decision> decisions = space.decisions();
        int[] anchor = new int[decisions.size()];
        for (int t = 0; t < anchor.length; t++) {
            anchor[t] = t;
            var link = decisions.get(t).skip();
            if (link == null) {
                continue;
            }
            if (link.from() == 0) {
                anchor[t] = 0;
            }
            for (int s = 0; s < t; s++) {
                if (decisions.get(s).layer() == link.from()) {
                    anchor[t] = s;
                }
            }
        }
        return anchor;
    }

    /** Saves the weights, the optimiser's state and its step count into {@code node}. */
    void save(ObjectNode node) {
        node.put("iterations", net.getIterationCount());
        node.set("params", Json.MAPPER.valueToTree(net.params().castTo(DataType.FLOAT).toFloatVector()));
        node.set("updater", Json.MAPPER.valueToTree(net.getUpdater().getStateViewArray().castTo(DataType.FLOAT).toFloatVector()));
    }

    /** The inverse of {@link #save}. */
    void restore(JsonNode node) {
        net.setIterationCount(node.get("iterations").asInt());
        net.setParams(Nd4j.createFromArray(floats(node.get("params"))).reshape(1, net.numParams()));
        INDArray updater = net.getUpdater().getStateViewArray();
        updater.assign(Nd4j.createFromArray(floats(node.get("updater"))).reshape(updater.shape()));
    }

    int offset(int decision) {
        return offset[decision];
    }

    PolicyGradientLoss loss() {
        return loss;
    }

    MultiLayerNetwork network() {
        return net;
    }

    /** A {@code [rows, columns, 1]} array as rows of doubles. */
    private static double[][] matrix(INDArray a) {
        return a.castTo(DataType.DOUBLE).reshape(a.size(0), a.size(1)).toDoubleMatrix();
    }

    private static double[][][] toArray(INDArray a) {
        long[] s = a.shape();
        double[] flat = a.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[][][] out = new double[(int) s[0]][(int) s[1]][(int) s[2]];
        int i = 0;
        for (double[][] plane : out) {
            for (double[] row : plane) {
                for (int k = 0; k < row.length; k++) {
                    row[k] = flat[i++];
                }
            }
        }
        return out;
    }

    private static float[] floats(JsonNode array) {
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) array.get(i).asDouble();
        }
        return out;
    }
}
