package org.nas4j.core.read;

import java.util.List;

/** One page of an experiment's trials and how many trials match the query in all. Immutable. */
public record TrialPage(List<TrialRow> trials, long total, int page, int size) {
    public TrialPage {
        trials = List.copyOf(trials);
    }
}
