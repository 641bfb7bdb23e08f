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
import org.nas4j.core.Architecture;
import org.nas4j.core.DecisionSpace;
import org.nas4j.core.Json;
import org.nas4j.core.PolicyStep;
import org.nas4j.core.SearchStrategy;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The REINFORCE controller (Zoph and Le; ENAS): samples architectures from its {@link Policy} and, after every
 * {@code batch} rewards, takes one Adam step on {@code -sum log p(a_t) * (R - b) - beta * entropy}, recomputing
 * log p on exactly the actions of the architectures it learns from; the baseline b is an exponential moving
 * average updated before the advantage. For sample efficiency: the policy starts uniform and learns only after
 * {@code warmup} rewards; the {@code elite} best distinct architectures join every update with a fixed positive
 * advantage (priority-queue training, Abolafia et al. 2018); with {@code unique} no architecture is proposed
 * twice (the policy renormalised over the unproposed); {@code epochs} above 1 take PPO's clipped passes. All of
 * it is in the snapshot. Not thread-safe: the daemon's loop calls it from one thread.
 */
public final class ReinforceController implements SearchStrategy {
    private record Sample(int[] actions, double advantage, double reward) {}

    /** Below this share of unseen probability mass, a choice's subtree counts as all seen (float rounding). */
    private static final double EXHAUSTED = 1e-6;
    /** Plain samples drawn at once before falling back to the renormalised walk (for {@code unique}). */
    private static final int TRIES = 8;

    private final DecisionSpace space;
    private final ReinforceSettings settings;
    private final Policy policy;
    private final SplitMix random;
    private final RewardScale scale;
    private final List<Sample> buffer = new ArrayList<>();
    private final List<PolicyStep> steps = new ArrayList<>();
    /** Every architecture asked or told, in order (for {@code unique}); and their keys. */
    private final List<int[]> proposed = new ArrayList<>();
    private final Set<String> proposedKeys = new HashSet<>();
    /** The best {@code elite} distinct architectures told so far, best first (priority-queue training). */
    private final List<Sample> elite = new ArrayList<>();
    private double baseline = Double.NaN;
    private long step;

    public ReinforceController(DecisionSpace space, long seed, ReinforceSettings settings) {
        this(space, seed, settings, DataType.FLOAT);
    }

    /** With the network's data type; tests use DOUBLE to check gradients. */
    ReinforceController(DecisionSpace space, long seed, ReinforceSettings settings, DataType dataType) {
        this.space = space;
        this.settings = settings;
        this.policy = new Policy(space, seed, settings, dataType);
        this.random = new SplitMix(seed);
        this.scale = new RewardScale(settings.rewards());
    }

    @Override
    public Architecture ask() {
        int[] actions = settings.unique() ? sampleUnseen() : policy.walk(1, (row, i, p) -> draw(p))[0];
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
        for (int[] actions : policy.walk(TRIES, (row, i, p) -> draw(p))) {
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
        double[][] mass = policy.suffixMass(proposed);
        List<Integer> alike = new ArrayList<>(); // proposed architectures sharing the prefix walked so far
        for (int s = 0; s < proposed.size(); s++) {
            alike.add(s);
        }
        return policy.walk(1, (row, i, p) -> {
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
        List<Sample> rows = new ArrayList<>(buffer);
        rows.addAll(elite);
        List<int[]> actions = rows.stream().map(Sample::actions).toList();
        double[] advantages = rows.stream().mapToDouble(Sample::advantage).toArray();
        double entropy = policy.entropy(actions);
        double[] before = settings.epochs() > 1 ? policy.logProbabilities(actions) : null;
        double loss = 0;
        for (int epoch = 0; epoch < settings.epochs(); epoch++) {
            double[] weighted = epoch == 0 ? advantages : clippedAdvantages(advantages, before, policy.logProbabilities(actions));
            loss = policy.fit(actions, weighted);
        }
        step++;
        steps.add(new PolicyStep(step, meanReward, scale.reward(baseline), meanAdvantage, entropy, loss));
        buffer.clear();
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

    /** The probability the current policy gives {@code architecture}, for tests. */
    double probability(Architecture architecture) {
        return policy.probability(space.indices(architecture));
    }

    Policy policy() {
        return policy;
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
        node.put("random", random.state()).put("baseline", baseline).put("step", step);
        scale.save(node.putObject("rewards"));
        policy.save(node);
        save(buffer, node.putArray("buffer"));
        save(elite, node.putArray("elite"));
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
        policy.restore(node);
        load(node.get("buffer"), buffer);
        load(node.path("elite"), elite); // path: a snapshot of an earlier version has no elite and no proposals
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
}
