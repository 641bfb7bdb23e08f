package org.nas4j.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nas4j.backend.Dl4jRuntime;
import org.nas4j.core.Architecture;
import org.nas4j.core.DecisionSpace;
import org.nas4j.core.Json;
import org.nas4j.core.PolicyStep;
import org.nas4j.core.SearchStrategy;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/**
 * The REINFORCE controller (Zoph and Le; ENAS): a one-layer LSTM run autoregressively over the decisions,
 * the previous choice as the next input (a one-hot input is an embedding lookup), one linear head per
 * decision, logits shaped by temperature and tanh constant. After every {@code batch} rewards it takes
 * one Adam step on {@code -sum log p(a_t) * (R - b) - beta * entropy}, recomputing log p on exactly the
 * actions of the architectures it learns from; the baseline b is an exponential moving average updated
 * before the advantage. DL4J computes the LSTM's gradients; {@link PolicyGradientLoss} gives the exact
 * gradient of the loss in the logits. Skip-connection decisions are ordinary binary decisions here.
 * Not thread-safe.
 */
public final class ReinforceController implements SearchStrategy {
    private record Sample(int[] actions, double advantage, double reward) {}

    private final DecisionSpace space;
    private final ReinforceSettings settings;
    private final int[] offset;
    private final int vocabulary;
    private final PolicyGradientLoss loss;
    private final MultiLayerNetwork net;
    private final SplitMix random;
    private final List<Sample> buffer = new ArrayList<>();
    private final List<PolicyStep> steps = new ArrayList<>();
    private double baseline = Double.NaN;
    private long step;
    private long count;
    private double mean;
    private double m2;

    public ReinforceController(DecisionSpace space, long seed, ReinforceSettings settings) {
        Dl4jRuntime.configure();
        this.space = space;
        this.settings = settings;
        int t = space.decisions().size();
        this.offset = new int[t + 1];
        for (int i = 0; i < t; i++) {
            offset[i + 1] = offset[i] + space.decisions().get(i).size();
        }
        this.vocabulary = offset[t];
        int[] start = new int[vocabulary];
        int[] end = new int[vocabulary];
        for (int i = 0; i < t; i++) {
            for (int k = offset[i]; k < offset[i + 1]; k++) {
                start[k] = offset[i];
                end[k] = offset[i + 1];
            }
        }
        this.loss = new PolicyGradientLoss(start, end, settings.tanhConstant(), settings.temperature(), settings.entropyWeight());
        var conf = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .weightInit(WeightInit.XAVIER)
                .updater(new Adam(settings.learningRate(), 0.0, 0.999, 1e-8))
                .gradientNormalization(GradientNormalization.ClipL2PerLayer)
                .gradientNormalizationThreshold(settings.clip())
                .list()
                .layer(new LSTM.Builder().nIn(vocabulary + 1).nOut(settings.hidden()).activation(Activation.TANH).build())
                .layer(new RnnOutputLayer.Builder(loss).nIn(settings.hidden()).nOut(vocabulary).activation(Activation.IDENTITY).build())
                .build();
        this.net = new MultiLayerNetwork(conf);
        net.init();
        this.random = new SplitMix(seed);
    }

    @Override
    public Architecture ask() {
        int t = space.decisions().size();
        int[] actions = new int[t];
        net.rnnClearPreviousState();
        int input = vocabulary; // the start token
        for (int i = 0; i < t; i++) {
            INDArray x = Nd4j.zeros(DataType.FLOAT, 1, vocabulary + 1, 1);
            x.putScalar(new int[] {0, input, 0}, 1f);
            double[] z = net.rnnTimeStep(x).reshape(vocabulary).castTo(DataType.DOUBLE).toDoubleVector();
            double[] p = loss.probabilities(z, offset[i], offset[i + 1]);
            actions[i] = draw(p);
            input = offset[i] + actions[i];
        }
        net.rnnClearPreviousState();
        return space.architecture(actions);
    }

    private int draw(double[] p) {
        double u = random.nextDouble();
        for (int k = 0; k < p.length - 1; k++) {
            u -= p[k];
            if (u < 0) {
                return k;
            }
        }
        return p.length - 1;
    }

    @Override
    public void tell(Architecture architecture, double reward) {
        count++;
        double delta = reward - mean;
        mean += delta / count;
        m2 += delta * (reward - mean);
        double r = reward;
        if (settings.normalize()) {
            double std = count > 1 ? Math.sqrt(m2 / (count - 1)) : 0;
            r = std > 1e-12 ? (reward - mean) / std : 0;
        }
        baseline = Double.isNaN(baseline) ? r : settings.baselineDecay() * baseline + (1 - settings.baselineDecay()) * r;
        buffer.add(new Sample(space.indices(architecture), r - baseline, reward));
        if (buffer.size() >= settings.batch()) {
            update();
        }
    }

    /** One policy step on the buffered samples. */
    private void update() {
        int m = buffer.size();
        int t = space.decisions().size();
        INDArray x = Nd4j.zeros(DataType.FLOAT, m, vocabulary + 1, t);
        INDArray y = Nd4j.zeros(DataType.FLOAT, m, vocabulary, t);
        double meanAdvantage = 0;
        double meanReward = 0;
        for (int s = 0; s < m; s++) {
            Sample sample = buffer.get(s);
            double a = Math.abs(sample.advantage()) < 1e-12 ? 1e-12 : sample.advantage();
            int input = vocabulary;
            for (int i = 0; i < t; i++) {
                x.putScalar(new int[] {s, input, i}, 1f);
                int taken = offset[i] + sample.actions()[i];
                y.putScalar(new int[] {s, taken, i}, (float) a);
                input = taken;
            }
            meanAdvantage += sample.advantage() / m;
            meanReward += sample.reward() / m;
        }
        double entropy = entropy(x);
        net.fit(x, y);
        step++;
        steps.add(new PolicyStep(step, meanReward, baseline, meanAdvantage, entropy, net.score()));
        buffer.clear();
    }

    /** Mean entropy per decision of the current policy along the given inputs. */
    private double entropy(INDArray x) {
        double[][][] z = toArray(net.output(x));
        double sum = 0;
        int n = 0;
        for (double[][] example : z) {
            for (int i = 0; i < space.decisions().size(); i++) {
                double[] logits = new double[vocabulary];
                for (int k = 0; k < vocabulary; k++) {
                    logits[k] = example[k][i];
                }
                for (double q : loss.probabilities(logits, offset[i], offset[i + 1])) {
                    sum -= q > 0 ? q * Math.log(q) : 0;
                }
                n++;
            }
        }
        return sum / Math.max(1, n);
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

    /** The probability the current policy gives {@code architecture}, for tests. */
    double probability(Architecture architecture) {
        int[] actions = space.indices(architecture);
        net.rnnClearPreviousState();
        int input = vocabulary;
        double p = 1;
        for (int i = 0; i < actions.length; i++) {
            INDArray x = Nd4j.zeros(DataType.FLOAT, 1, vocabulary + 1, 1);
            x.putScalar(new int[] {0, input, 0}, 1f);
            double[] z = net.rnnTimeStep(x).reshape(vocabulary).castTo(DataType.DOUBLE).toDoubleVector();
            p *= loss.probabilities(z, offset[i], offset[i + 1])[actions[i]];
            input = offset[i] + actions[i];
        }
        net.rnnClearPreviousState();
        return p;
    }

    MultiLayerNetwork network() {
        return net;
    }

    @Override
    public List<PolicyStep> takePolicySteps() {
        var out = List.copyOf(steps);
        steps.clear();
        return out;
    }

    @Override
    public byte[] snapshot() {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("random", random.state()).put("baseline", baseline).put("step", step).put("count", count)
                .put("mean", mean).put("m2", m2).put("iterations", net.getIterationCount());
        node.set("params", Json.MAPPER.valueToTree(net.params().castTo(DataType.FLOAT).toFloatVector()));
        node.set("updater", Json.MAPPER.valueToTree(net.getUpdater().getStateViewArray().castTo(DataType.FLOAT).toFloatVector()));
        var samples = node.putArray("buffer");
        for (Sample s : buffer) {
            samples.addObject().put("advantage", s.advantage()).put("reward", s.reward())
                    .set("actions", Json.MAPPER.valueToTree(s.actions()));
        }
        return Json.write(node).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void restore(byte[] state) {
        JsonNode node = Json.read(new String(state, StandardCharsets.UTF_8), "REINFORCE controller state");
        random.state(node.get("random").asLong());
        baseline = node.get("baseline").isNumber() ? node.get("baseline").asDouble() : Double.NaN;
        step = node.get("step").asLong();
        count = node.get("count").asLong();
        mean = node.get("mean").asDouble();
        m2 = node.get("m2").asDouble();
        net.setIterationCount(node.get("iterations").asInt());
        net.setParams(Nd4j.createFromArray(floats(node.get("params"))).reshape(1, net.numParams()));
        net.getUpdater().getStateViewArray().assign(Nd4j.createFromArray(floats(node.get("updater")))
                .reshape(net.getUpdater().getStateViewArray().shape()));
        buffer.clear();
        for (JsonNode s : node.get("buffer")) {
            int[] actions = new int[s.get("actions").size()];
            for (int i = 0; i < actions.length; i++) {
                actions[i] = s.get("actions").get(i).asInt();
            }
            buffer.add(new Sample(actions, s.get("advantage").asDouble(), s.get("reward").asDouble()));
        }
    }

    private static float[] floats(JsonNode array) {
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) array.get(i).asDouble();
        }
        return out;
    }
}
