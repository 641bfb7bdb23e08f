package org.nas4j.web;

import java.util.List;
import org.nas4j.core.Architecture;
import org.nas4j.core.DecisionSpace;

/** An experiment's decision space and the architecture of each of its trials, in trial order. Immutable. */
public record DecisionHistory(DecisionSpace space, List<Architecture> architectures) {
    public DecisionHistory {
        architectures = List.copyOf(architectures);
    }
}
