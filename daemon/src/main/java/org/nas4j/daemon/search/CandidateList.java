package org.nas4j.daemon.search;

import java.util.List;
import org.nas4j.core.Architecture;
import org.nas4j.core.SearchStrategy;

/**
 * Proposes a fixed list of architectures in order, round and round (the loop skips those already evaluated): the
 * stand-alone trials of a shared-weight search's derived candidates. It learns nothing, so it has no state.
 */
final class CandidateList implements SearchStrategy {
    private final List<Architecture> candidates;
    private int next;

    CandidateList(List<Architecture> candidates) {
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("no candidates");
        }
        this.candidates = List.copyOf(candidates);
    }

    @Override
    public Architecture ask() {
        return candidates.get(next++ % candidates.size());
    }

    @Override
    public void tell(Architecture architecture, double reward) {
    }

    @Override
    public byte[] snapshot() {
        return new byte[0];
    }

    @Override
    public void restore(byte[] state) {
    }
}
