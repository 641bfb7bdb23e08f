package org.nas4j.controller;

import java.util.List;
import java.util.Locale;

/**
 * How the REINFORCE controller sees a reward, against every reward told before it (repeats included).
 */
public enum RewardTransform {
    /** The metric as it is. */
    RAW,
    /** Standardised by the running mean and standard deviation. */
    ZSCORE,
    /**
     * Its rank among the rewards so far, mapped to [-1, 1] (ties count half): neither the scale of the metric
     * nor its outliers (a table's few broken networks) matter, so one learning rate serves every space.
     */
    RANK;

    public static final List<String> NAMES = List.of("raw", "zscore", "rank");

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RewardTransform of(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}
