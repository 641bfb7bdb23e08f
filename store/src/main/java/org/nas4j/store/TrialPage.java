package org.nas4j.store;

import java.util.List;

/** One page of an experiment's trials and how many match in all. */
public record TrialPage(List<TrialRecord> trials, long total, int page, int size) {}
