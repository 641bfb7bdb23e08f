package org.nas4j.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
 * For sample efficiency: the output head starts at zero (a uniform first policy) and learns only after
 * {@code warmup} rewards; the {@code elite} best distinct architectures join every update with a fixed positive
 * advantage (priority-queue training, Abolafia et al. 2018); with {@code unique} no architecture is proposed
 * twice (the policy renormalised over the unproposed). All of it is in the snapshot.
 * Not thread-safe: the daemon's loop calls it from one thread.
 */
public final class ReinforceController implements SearchStrategy {
    private record Sample(int[] actions, double advantage, double reward) {}

    /** A told architecture kept for {@code replay}, with its log-probability under the policy of its first update. */
    private record Told(int[] actions, double reward, double logProbability) {}

    /** Below this share of unseen probability mass, a choice's subtree counts as all seen (float rounding). */
    private static final double EXHAUSTED = 1e-6;
    /** Plain samples drawn at once before falling back to the renormalised walk (for {@code unique}). */
    private static final int TRIES = 8;

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
    /** Every architecture told, for {@code replay}; NaN log-probability until its first update. */
    private final List<Told> history = new ArrayList<>();
    private final List<PolicyStep> steps = new ArrayList<>();
    /** Every architecture asked or told, in order (for {@code unique}); and their keys. */
    private final List<int[]> proposed = new ArrayList<>();
    private final Set<String> proposedKeys = new HashSet<>();
    /** The best {@code elite} distinct architectures told so far, best first (priority-queue training). */
    private final List<Sample> elite = new ArrayList<>();
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
        // a zero output head makes the first policy uniform: the first samples are as good as random search
        for (String param : attention ? List.of("W", "b", "v") : List.of("W", "b")) {
            net.getLayer(1).getParam(param).assign(0);
        }
        this.random = new SplitMix(seed);
        this.scale = new RewardScale(settings.rewards());
    }

    @Override
    public Architecture ask() {
        int[] actions = settings.unique() ? sampleUnseen() : walk(1, (row, i, p) -> draw(p))[0];
        remember(actions);
        return space.architecture(actions);
    }

    private void remember(int[] actions) {
        if (settings.unique() && proposedKeys.add(Arrays.toString(actions))) {
            proposed.add(actions);
        }
    }

    /**
     * A sample from the policy restricted to the architectures not yet proposed. Rejection first: {@link #TRIES}
     * samples from the policy in one batched pass, the first unproposed one taken (the cost of one plain sample);
     * only when all of them were proposed, the renormalised walk. Both give exactly the policy renormalised over
     * the unproposed, so their mixture does too.
     */
    private int[] sampleUnseen() {
        for (int[] actions : walk(TRIES, (row, i, p) -> draw(p))) {
            if (!proposedKeys.contains(Arrays.toString(actions))) {
                return actions;
            }
        }
        return walkUnseen();
    }

    /**
     * Samples from the policy restricted to the architectures not yet proposed, its probability renormalised
     * over them: at each step a choice's probability is scaled by the share of its subtree's mass (under the
     * current policy) that is not proposed yet, computed from one forward pass over the proposed architectures.
     * When nothing unseen is left, samples from the policy as it is.
     */
    private int[] walkUnseen() {
        double[][] mass = suffixMass(proposed);
        List<Integer> alike = new ArrayList<>(); // proposed architectures sharing the prefix walked so far
        for (int s = 0; s < proposed.size(); s++) {
            alike.add(s);
        }
        return walk(1, (row, i, p) -> {
            double[] seen = new double[p.length];
            for (int s : alike) {
                seen[proposed.get(s)[i]] += mass[s][i + 1];
            }
            double[] w = new double[p.length];
            double sum = 0;
            for (int k = 0; k < p.length; k++) {
                double unseen = 1 - seen[k];
                w[k] = unseen < EXHAUSTED ? 0 : p[k] * unseen;
                sum += w[k];
            }
            int k = sum > 0 ? draw(w, sum) : draw(p);
            alike.removeIf(s -> proposed.get(s)[i] != k);
            return k;
        })[0];
    }

    /**
     * For each sequence of actions and step i, the probability under the current policy of its actions from
     * step i on given those before ({@code [s][t] = 1}).
     */
    private double[][] suffixMass(List<int[]> actions) {
        int t = space.decisions().size();
        double[][][] z = toArray(net.output(batch(actions, new double[actions.size()])[0]));
        double[][] mass = new double[actions.size()][t + 1];
        for (int s = 0; s < mass.length; s++) {
            mass[s][t] = 1;
            for (int i = t - 1; i >= 0; i--) {
                double[] logits = new double[z[s].length];
                for (int k = 0; k < logits.length; k++) {
                    logits[k] = z[s][k][i];
                }
                mass[s][i] = mass[s][i + 1] * loss.probabilities(logits, offset[i], offset[i + 1])[actions.get(s)[i]];
            }
        }
        return mass;
    }

    /** Chooses the action of one sequence at one step from the policy's probabilities there. */
    @FunctionalInterface
    private interface Choice {
        int choose(int row, int step, double[] p);
    }

    /**
     * Runs the policy over the decisions in order for {@code rows} sequences at once (one batched pass):
     * {@code choose} gets each sequence's index, the step and its probabilities, and returns the action taken,
     * whose embedding is that sequence's next input. Returns the actions, a row per sequence.
     */
    private int[][] walk(int rows, Choice choose) {
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

    /** A {@code [rows, columns, 1]} array as rows of doubles. */
    private static double[][] matrix(INDArray a) {
        return a.castTo(DataType.DOUBLE).reshape(a.size(0), a.size(1)).toDoubleMatrix();
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

    private int draw(double[] p) {
        return draw(p, 1);
    }

    /** A draw from weights {@code w} that sum to {@code sum}; never a choice of weight 0. */
    private int draw(double[] w, double sum) {
        double u = random.nextDouble() * sum;
        int last = 0;
        for (int k = 0; k < w.length; k++) {
            if (w[k] > 0) {
                last = k;
                u -= w[k];
                if (u < 0) {
                    return k;
                }
            }
        }
        return last;
    }

    @Override
    public void tell(Architecture architecture, double reward) {
        double r = scale.add(reward);
        baseline = Double.isNaN(baseline) ? r : settings.baselineDecay() * baseline + (1 - settings.baselineDecay()) * r;
        int[] actions = space.indices(architecture);
        remember(actions);
        buffer.add(new Sample(actions, r - baseline, reward));
        if (settings.replay()) {
            history.add(new Told(actions, reward, Double.NaN));
        }
        keepIfElite(new Sample(actions, settings.eliteWeight(), reward));
        if (buffer.size() >= settings.batch() && scale.count() >= settings.warmup()) {
            update();
        }
    }

    /** Adds {@code sample} to the elite when it is among the best {@code elite} distinct architectures. */
    private void keepIfElite(Sample sample) {
        if (settings.elite() == 0 || elite.stream().anyMatch(e -> Arrays.equals(e.actions(), sample.actions()))) {
            return;
        }
        int at = 0;
        while (at < elite.size() && elite.get(at).reward() >= sample.reward()) {
            at++;
        }
        if (at < settings.elite()) {
            elite.add(at, sample);
            if (elite.size() > settings.elite()) {
                elite.remove(elite.size() - 1);
            }
        }
    }

    /**
     * One policy step on the buffered samples, and, beside them, the elite's architectures with a fixed positive
     * weight as advantage: a maximum-likelihood term pulling the policy towards the best seen so far.
     */
    private void update() {
        int m = buffer.size();
        double meanAdvantage = 0;
        double meanReward = 0;
        for (Sample sample : buffer) {
            meanAdvantage += sample.advantage() / m;
            meanReward += sample.reward() / m;
        }
        List<Sample> rows = settings.replay() ? replayed() : new ArrayList<>(buffer);
        rows.addAll(elite);
        List<int[]> actions = rows.stream().map(Sample::actions).toList();
        double[] advantages = rows.stream().mapToDouble(Sample::advantage).toArray();
        INDArray x = batch(actions, advantages)[0];
        double entropy = entropy(x);
        double[] before = settings.epochs() > 1 ? logProbabilities(actions) : null;
        for (int epoch = 0; epoch < settings.epochs(); epoch++) {
            double[] weighted = epoch == 0 ? advantages : clippedAdvantages(advantages, before, logProbabilities(actions));
            net.fit(x, batch(actions, weighted)[1]);
        }
        step++;
        steps.add(new PolicyStep(step, meanReward, scale.reward(baseline), meanAdvantage, entropy, net.score()));
        buffer.clear();
    }

    /**
     * Every architecture told so far as a policy-gradient row (importance-weighted sample reuse): its advantage is
     * its rank among all rewards told, mapped to [-1, 1] (the mean rank is the baseline), times the truncated
     * importance weight {@code min(1, p_now(a) / p_then(a))} (Wawrzynski 2009; ACER, Wang et al. 2017), where
     * p_then is its probability at the first update that learnt from it.
     */
    private List<Sample> replayed() {
        double[] now = logProbabilities(history.stream().map(Told::actions).toList());
        double[] sorted = history.stream().mapToDouble(Told::reward).sorted().toArray();
        List<Sample> rows = new ArrayList<>();
        for (int s = 0; s < history.size(); s++) {
            Told told = history.get(s);
            if (Double.isNaN(told.logProbability())) {
                told = new Told(told.actions(), told.reward(), now[s]);
                history.set(s, told);
            }
            double weight = Math.min(1, Math.exp(now[s] - told.logProbability()));
            rows.add(new Sample(told.actions(), weight * rank(told.reward(), sorted), told.reward()));
        }
        return rows;
    }

    /** The rank of {@code reward} among {@code sorted} (ties share their mean rank), mapped to [-1, 1]. */
    private static double rank(double reward, double[] sorted) {
        int below = 0;
        int ties = 0;
        for (double r : sorted) {
            below += r < reward ? 1 : 0;
            ties += r == reward ? 1 : 0;
        }
        return sorted.length < 2 ? 0 : 2 * (below + 0.5 * (ties - 1)) / (sorted.length - 1) - 1;
    }

    /**
     * PPO's clipped surrogate as advantages: the gradient of {@code min(r A, clip(r) A)} in log p is {@code r A} where
     * the ratio r is inside the clip range or on the side away from A's push, and 0 beyond it (no more learning from
     * that row in this update).
     */
    private double[] clippedAdvantages(double[] advantages, double[] before, double[] now) {
        double[] out = new double[advantages.length];
        for (int s = 0; s < out.length; s++) {
            double ratio = Math.exp(now[s] - before[s]);
            double a = advantages[s];
            boolean clipped = a > 0 ? ratio > 1 + settings.ratioClip() : ratio < 1 - settings.ratioClip();
            out[s] = clipped ? 0 : ratio * a;
        }
        return out;
    }

    /** Log-probability under the current policy of each sequence of actions. */
    private double[] logProbabilities(List<int[]> actions) {
        double[][] mass = suffixMass(actions);
        double[] out = new double[mass.length];
        for (int s = 0; s < out.length; s++) {
            out[s] = Math.log(mass[s][0]);
        }
        return out;
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
        walk(1, (row, i, q) -> {
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
        save(buffer, node.putArray("buffer"));
        save(elite, node.putArray("elite"));
        ArrayNode told = node.putArray("history");
        for (Told t : history) {
            told.addObject().put("reward", t.reward()).put("log_probability", t.logProbability())
                    .set("actions", Json.MAPPER.valueToTree(t.actions()));
        }
        node.set("proposed", Json.MAPPER.valueToTree(proposed));
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
        load(node.get("buffer"), buffer);
        load(node.path("elite"), elite); // path: a snapshot of an earlier version has no elite and no proposals
        history.clear();
        for (JsonNode t : node.path("history")) {
            JsonNode logP = t.get("log_probability");
            history.add(new Told(ints(t.get("actions")), t.get("reward").asDouble(), logP.isNumber() ? logP.asDouble() : Double.NaN));
        }
        proposed.clear();
        proposedKeys.clear();
        for (JsonNode a : node.path("proposed")) {
            remember(ints(a));
        }
    }

    private static void save(List<Sample> samples, ArrayNode array) {
        for (Sample s : samples) {
            array.addObject().put("advantage", s.advantage()).put("reward", s.reward())
                    .set("actions", Json.MAPPER.valueToTree(s.actions()));
        }
    }

    private static void load(JsonNode array, List<Sample> samples) {
        samples.clear();
        for (JsonNode s : array) {
            samples.add(new Sample(ints(s.get("actions")), s.get("advantage").asDouble(), s.get("reward").asDouble()));
        }
    }

    private static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
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
