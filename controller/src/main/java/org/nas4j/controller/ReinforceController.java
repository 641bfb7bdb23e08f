package org.nas4j.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnLossLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.api.layers.RecurrentLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nas4j.backend.Dl4jRuntime;
import org.nas4j.core.Architecture;
import org.nas4j.core.Decision;
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
 * gradient of the loss in the logits. When the space has skip-connection decisions, they are chosen by
 * attention over earlier layers' hidden states ({@link AttentionHead}, differentiated by SameDiff).
 * Not thread-safe: the daemon's loop calls it from one thread.
 */
public final class ReinforceController implements SearchStrategy {
    private record Sample(int[] actions, double advantage, double reward) {}

    private final DecisionSpace space;
    private final ReinforceSettings settings;
    private final int[] offset;
    private final int vocabulary;
    private final boolean attention;
    private final int[] anchors;
    private final PolicyGradientLoss loss;
    private final MultiLayerNetwork net;
    private final SplitMix random;
    private final List<Sample> buffer = new ArrayList<>();
    private final List<PolicyStep> steps = new ArrayList<>();
    private double baseline = Double.NaN;
    private long step;
    private final RewardScale scale;

    public ReinforceController(DecisionSpace space, long seed, ReinforceSettings settings) {
        this(space, seed, settings, DataType.FLOAT);
    }

    /** With the network's data type; tests use DOUBLE to check gradients. */
    ReinforceController(DecisionSpace space, long seed, ReinforceSettings settings, DataType dataType) {
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
        boolean[] attended = new boolean[vocabulary];
        for (int i = 0; i < t; i++) {
            for (int k = offset[i]; k < offset[i + 1]; k++) {
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
        this.random = new SplitMix(seed);
        this.scale = new RewardScale(settings.rewards());
    }

    @Override
    public Architecture ask() {
        return space.architecture(walk((i, p) -> draw(p)));
    }

    /**
     * Runs the policy over the decisions in order: {@code choose} gets each step's index and probabilities
     * and returns the action taken, whose embedding is the next input. Returns the actions.
     */
    private int[] walk(java.util.function.BiFunction<Integer, double[], Integer> choose) {
        int t = space.decisions().size();
        int[] actions = new int[t];
        INDArray x = Nd4j.zeros(net.params().dataType(), 1, vocabulary + 1, 1);
        net.rnnClearPreviousState();
        AttentionStep head = attention ? new AttentionStep(net.getLayer(1), anchors) : null;
        int input = vocabulary; // the start token
        for (int i = 0; i < t; i++) {
            x.assign(0).putScalar(new int[] {0, input, 0}, 1);
            double[] z = head == null ? vector(net.rnnTimeStep(x))
                    : head.logits(i, vector(((RecurrentLayer) net.getLayer(0)).rnnTimeStep(x, LayerWorkspaceMgr.noWorkspaces())));
            actions[i] = choose.apply(i, loss.probabilities(z, offset[i], offset[i + 1]));
            input = offset[i] + actions[i];
        }
        net.rnnClearPreviousState();
        return actions;
    }

    private static double[] vector(INDArray a) {
        return a.castTo(DataType.DOUBLE).reshape(a.length()).toDoubleVector();
    }

    /**
     * For each step, the step whose hidden state its skip decision attends to: the last decision of the layer
     * the link comes from (named {@code layerJ.*}, as {@code CnnSearchSpace} names them), or the first step for
     * the stem; the step itself where there is no such earlier decision or no skip.
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
                if (decisions.get(s).name().startsWith("layer" + link.from() + ".")) {
                    anchor[t] = s;
                }
            }
        }
        return anchor;
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
        double r = scale.add(reward);
        baseline = Double.isNaN(baseline) ? r : settings.baselineDecay() * baseline + (1 - settings.baselineDecay()) * r;
        buffer.add(new Sample(space.indices(architecture), r - baseline, reward));
        if (buffer.size() >= settings.batch()) {
            update();
        }
    }

    /** One policy step on the buffered samples. */
    private void update() {
        int m = buffer.size();
        double meanAdvantage = 0;
        double meanReward = 0;
        for (Sample sample : buffer) {
            meanAdvantage += sample.advantage() / m;
            meanReward += sample.reward() / m;
        }
        INDArray[] xy = batch(buffer.stream().map(Sample::actions).toList(),
                buffer.stream().mapToDouble(Sample::advantage).toArray());
        INDArray x = xy[0];
        INDArray y = xy[1];
        double entropy = entropy(x);
        net.fit(x, y);
        step++;
        steps.add(new PolicyStep(step, meanReward, scale.reward(baseline), meanAdvantage, entropy, net.score()));
        buffer.clear();
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

    /** Mean entropy per decision of the current policy along the given inputs. */
    private double entropy(INDArray x) {
        double[][][] z = toArray(net.output(x));
        double sum = 0;
        int n = 0;
        for (double[][] example : z) {
            for (int i = 0; i < space.decisions().size(); i++) {
                double[] logits = new double[example.length];
                for (int k = 0; k < logits.length; k++) {
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
        double[] p = {1};
        walk((i, q) -> {
            p[0] *= q[actions[i]];
            return actions[i];
        });
        return p[0];
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

    @Override
    public List<PolicyStep> takePolicySteps() {
        var out = List.copyOf(steps);
        steps.clear();
        return out;
    }

    @Override
    public byte[] snapshot() {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("random", random.state()).put("baseline", baseline).put("step", step)
                .put("iterations", net.getIterationCount());
        scale.save(node.putObject("rewards"));
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
        scale.restore(node.get("rewards"));
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
