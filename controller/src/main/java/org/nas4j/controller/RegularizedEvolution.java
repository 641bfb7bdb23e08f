package org.nas4j.controller;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import org.nas4j.core.Architecture;
import org.nas4j.core.DecisionSpace;
import org.nas4j.core.Json;
import org.nas4j.core.SearchStrategy;

/**
 * Regularized (ageing) evolution, Real et al. 2019: until the population is full, random architectures;
 * then a tournament of {@code sample} random members picks the best as parent, and the child differs from
 * it in exactly one decision. Every told result joins the population and the oldest member leaves.
 */
public final class RegularizedEvolution implements SearchStrategy {
    private record Member(int[] choices, double reward) {}

    private final DecisionSpace space;
    private final int population;
    private final int sample;
    private final SplitMix random;
    private final Deque<Member> members = new ArrayDeque<>();

    public RegularizedEvolution(DecisionSpace space, long seed, int population, int sample) {
        this.space = space;
        this.population = population;
        this.sample = Math.min(sample, population);
        this.random = new SplitMix(seed);
    }

    @Override
    public Architecture ask() {
        int[] choices = new int[space.decisions().size()];
        if (members.size() < population) {
            for (int i = 0; i < choices.length; i++) {
                choices[i] = random.nextInt(space.decisions().get(i).size());
            }
            return space.architecture(choices);
        }
        Member[] all = members.toArray(Member[]::new);
        Member parent = null;
        for (int s = 0; s < sample; s++) {
            Member m = all[random.nextInt(all.length)];
            if (parent == null || m.reward() > parent.reward()) {
                parent = m;
            }
        }
        return space.architecture(mutate(parent.choices()));
    }

    /** A copy of {@code parent} with one decision (that has a choice to change to) set to another choice. */
    int[] mutate(int[] parent) {
        int[] child = parent.clone();
        int[] mutable = java.util.stream.IntStream.range(0, child.length)
                .filter(i -> space.decisions().get(i).size() > 1).toArray();
        if (mutable.length == 0) {
            return child;
        }
        int d = mutable[random.nextInt(mutable.length)];
        int other = random.nextInt(space.decisions().get(d).size() - 1);
        child[d] = other >= parent[d] ? other + 1 : other;
        return child;
    }

    @Override
    public void tell(Architecture architecture, double reward) {
        members.addLast(new Member(space.indices(architecture), reward));
        while (members.size() > population) {
            members.removeFirst();
        }
    }

    @Override
    public byte[] snapshot() {
        var node = Json.MAPPER.createObjectNode();
        node.put("random", random.state());
        var list = node.putArray("members");
        for (Member m : members) {
            var item = list.addObject();
            item.set("choices", Json.MAPPER.valueToTree(m.choices()));
            item.put("reward", m.reward());
        }
        return Json.write(node).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void restore(byte[] state) {
        JsonNode node = Json.read(new String(state, StandardCharsets.UTF_8), "evolution state");
        random.state(node.get("random").asLong());
        members.clear();
        for (JsonNode m : node.get("members")) {
            int[] choices = new int[m.get("choices").size()];
            for (int i = 0; i < choices.length; i++) {
                choices[i] = m.get("choices").get(i).asInt();
            }
            members.addLast(new Member(choices, m.get("reward").asDouble()));
        }
    }
}
