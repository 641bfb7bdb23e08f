package org.nas4j.controller;

import java.nio.ByteBuffer;
import org.nas4j.core.Architecture;
import org.nas4j.core.DecisionSpace;
import org.nas4j.core.SearchStrategy;

/** Random search: every choice uniform and independent; rewards are ignored. The reference strategy. */
public final class RandomSearch implements SearchStrategy {
    private final DecisionSpace space;
    private final SplitMix random;

    public RandomSearch(DecisionSpace space, long seed) {
        this.space = space;
        this.random = new SplitMix(seed);
    }

    @Override
    public Architecture ask() {
        int[] choices = new int[space.decisions().size()];
        for (int i = 0; i < choices.length; i++) {
            choices[i] = random.nextInt(space.decisions().get(i).size());
        }
        return space.architecture(choices);
    }

    @Override
    public void tell(Architecture architecture, double reward) {}

    @Override
    public byte[] snapshot() {
        return ByteBuffer.allocate(8).putLong(random.state()).array();
    }

    @Override
    public void restore(byte[] state) {
        random.state(ByteBuffer.wrap(state).getLong());
    }
}
