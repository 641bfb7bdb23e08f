package org.nas4j.web;

import java.util.List;

/** One page of trials and how many trials match the query in all. Immutable. */
public record TrialPage(List<TrialRow> trials, long total, int page, int size) {
    public TrialPage {
        trials = List.copyOf(trials);
    }
}
